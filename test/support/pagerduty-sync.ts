/** Shared set-up for the PagerDuty-into-COSS tests: a page on a simulator service, and reading back the room. */
import type { Database } from '../../server/db/database.ts';
import { createPage } from '../../server/paging/pages.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import { findCustomer } from '../../server/admin/directory.ts';
import { toAlert, type AlertRow } from '../../server/alerts/row.ts';
import type { Customer } from '../../shared/customer.ts';
import type { TestServer } from './server.ts';

export const TARGET_NAME = 'COSS oncall macro – Systems';

/** Raises an alert for acme and pages it to the simulator's service; the outbox rows are marked done so that
 * the test, not the worker, decides what reaches PagerDuty. Returns the dedup key and alert number. */
export async function pageAlert(
  coss: TestServer,
  routingKey: string,
  device: string,
): Promise<{ dedupKey: string; alertNumber: number; pageId: number }> {
  const db = coss.server.context.db;
  const target = await upsertTarget(db, {
    path: 'casc/int/systems',
    name: TARGET_NAME,
    routingKey,
    serviceId: 'PSVCNOC',
    escalationPolicyId: 'PEPNOC1',
  });
  const raised = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
    device,
    severity: 'critical',
    summary: `${device} down`,
  });
  const alertNumber = (raised.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
  const customer = (await findCustomer(db, 'acme')) as Customer;
  const row = (await db.query<AlertRow>('SELECT * FROM alerts WHERE number = $1', [alertNumber])).rows[0] as AlertRow;
  const page = await db.transaction(async (tx) => {
    const created = await createPage(
      tx,
      {
        customer,
        alert: toAlert(row, 'acme'),
        target,
        priority: 'urgent',
        message: `Pls check ${alertNumber}`,
        requester: { displayName: 'NOC', userId: null, email: null },
        requestMessageId: null,
      },
      coss.server.context.pagerduty,
    );
    await tx.query(`UPDATE pagerduty_outbox SET status = 'done', done_at = now() WHERE page_id = $1`, [created.id]);
    return created;
  });
  return { dedupKey: page.dedupKey, alertNumber, pageId: page.id };
}

/** Sends the page's trigger to the simulator's Events API, as the outbox worker would. */
export async function triggerThroughEventsApi(eventsUrl: string, routingKey: string, dedupKey: string): Promise<void> {
  const response = await fetch(eventsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: { summary: `COSS ${dedupKey}`, source: 'coss', severity: 'error' },
    }),
  });
  if (response.status !== 202) throw new Error(`trigger answered ${response.status}: ${await response.text()}`);
}

/** The room's "PagerDuty is reporting …" lines. */
export async function reportLines(db: Database, customerId: number): Promise<string[]> {
  return (
    await db.query<{ body: string }>(
      `SELECT body FROM room_messages WHERE customer_id = $1 AND kind = 'bot' AND body LIKE '%PagerDuty is reporting%' ORDER BY id`,
      [customerId],
    )
  ).rows.map((row) => row.body);
}

/** Counts that must not move when a request is refused or a change is a repeat. */
export async function snapshot(
  db: Database,
): Promise<{ webhooks: number; messages: number; events: number; alerts: string; pages: string }> {
  const one = async (sql: string) => (await db.query<{ v: unknown }>(sql)).rows[0]?.v;
  return {
    webhooks: Number(await one('SELECT count(*) AS v FROM pagerduty_webhooks')),
    messages: Number(await one('SELECT count(*) AS v FROM room_messages')),
    events: Number(await one('SELECT coalesce(max(seq), 0) AS v FROM events')),
    alerts: JSON.stringify(
      await one(
        `SELECT json_agg(json_build_array(number, status, acknowledged_by, assignee) ORDER BY number) AS v FROM alerts`,
      ),
    ),
    pages: JSON.stringify(
      await one(
        `SELECT json_agg(json_build_array(id, incident_id, incident_status, incident_assignees) ORDER BY id) AS v FROM pages`,
      ),
    ),
  };
}
