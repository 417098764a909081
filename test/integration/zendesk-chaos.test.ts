/**
 * Zendesk tickets under chaos, on real PostgreSQL with `coss serve` processes: 60 tickets (half asked with `.ticket`
 * in the room, half queued while COSS is down) against a Zendesk with 30 % faults before and after applying, a
 * kill -9 of the node mid-run and two nodes after the restart: every ticket created exactly once (one Zendesk
 * ticket per external_id), one "I've created" line per ticket, nothing failed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sql } from '../../server/db/database.ts';
import { toAlert, type AlertRow } from '../../server/alerts/row.ts';
import { setZendeskDirectory } from '../../server/tickets/directory.ts';
import { requestTicket } from '../../server/tickets/ticket-requests.ts';
import type { Customer } from '../../shared/customer.ts';
import { openChaosStore } from '../support/chaos-store.ts';
import { postgresAvailable } from '../support/databases.ts';
import { startCossProcess } from '../support/process.ts';
import { jsonRequest } from '../support/server.ts';
import { waitFor } from '../support/wait-for.ts';
import { DEFAULT_TOKEN, DEFAULT_USER_IDS, startZendeskSimulator } from '../simulators/zendesk/index.ts';

const TICKETS = 60;
async function customerOf(db: Sql, slug: string): Promise<Customer> {
  const row = (
    await db.query<{ id: number; number: number; slug: string; name: string; time_zone: string }>(
      'SELECT id, number, slug, name, time_zone FROM customers WHERE slug = $1',
      [slug],
    )
  ).rows[0];
  if (!row) throw new Error(`no customer ${slug}`);
  return { id: Number(row.id), number: Number(row.number), slug: row.slug, name: row.name, timeZone: row.time_zone };
}

test(
  'Zendesk: 60 tickets, 30 % faults, kill -9 mid-run, two nodes after: each created exactly once',
  { skip: !(await postgresAvailable()), timeout: 180_000 },
  async () => {
    const zd = await startZendeskSimulator({
      faults: { rate: 0.3, kinds: ['429', '500', '503', 'timeout', 'reset'], phase: 'both', seed: 1415 },
    });
    const store = await openChaosStore();
    const { databaseUrl, seed, db, nodes } = store;
    const env = {
      ZENDESK_URL: zd.url,
      ZENDESK_TOKEN: DEFAULT_TOKEN,
      ZENDESK_TIMEOUT_MS: '1000',
      ZENDESK_TICKETS_PER_MINUTE: '2500',
      ZENDESK_RETRY_BASE_MS: '50',
      ZENDESK_RETRY_CAP_MS: '1000',
    };
    const created = async () =>
      Number(
        (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM zendesk_tickets WHERE delivery = 'created'"))
          .rows[0]?.n ?? 0,
      );
    try {
      await setZendeskDirectory(db, seed.customers.acme.id, {
        groupId: 1,
        requesterId: DEFAULT_USER_IDS[0] ?? 9001,
        contacts: 'Fred Flintstone/Barney Rubble',
      });
      const first = await startCossProcess({ store: { databaseUrl }, env });
      nodes.push(first);
      const body = Array.from({ length: TICKETS }, (_, i) => ({
        device: `elb-${i}.acme.com`,
        summary: `DNS ELB failing ${i}`,
        severity: 'warning',
        component: 'dns',
      }));
      const posted = await jsonRequest(first.url, 'POST', '/api/v1/alerts', seed.keys.acme, body);
      assert.equal(posted.status, 200, JSON.stringify(posted.body).slice(0, 300));
      const alerts = (
        await db.query<AlertRow & { slug: string }>(
          `SELECT a.*, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id WHERE c.slug = 'acme' ORDER BY a.number`,
        )
      ).rows.map((row) => toAlert(row, row.slug));
      assert.equal(alerts.length, TICKETS);

      // Half typed in the room; kill -9 once some are made, with others in flight.
      for (const alert of alerts.slice(0, TICKETS / 2)) {
        const said = await jsonRequest(first.url, 'POST', '/api/v1/rooms/acme/messages', seed.tokens.noc, {
          body: `.ticket urgent ${alert.number} DNS ELB failing`,
        });
        assert.equal(said.status, 201);
      }
      await waitFor('10 tickets before the crash', async () => (await created()) >= 10, 60_000);
      await first.kill9();
      nodes.length = 0;
      // The other half while COSS is down: committed rows wait in the database.
      const acme = await customerOf(db, 'acme');
      await db.transaction(async (tx) => {
        for (const alert of alerts.slice(TICKETS / 2)) {
          await requestTicket(tx, {
            customer: acme,
            alert,
            priority: 'high',
            subject: alert.summary,
            requester: { displayName: 'NOC', userId: null },
            requestMessageId: null,
            room: 'customer',
            zendeskUrl: zd.url,
          });
        }
      });
      nodes.push(
        ...(await Promise.all([
          startCossProcess({ store: { databaseUrl }, env }),
          startCossProcess({ store: { databaseUrl }, env }),
        ])),
      );
      await waitFor('every ticket created', async () => (await created()) === TICKETS, 120_000);
      for (const node of nodes.splice(0)) {
        const status = await node.terminate();
        assert.equal(status.code, 0, node.output());
      }

      const tickets = (
        await db.query<{ external_id: string; zendesk_id: number; delivery: string }>(
          'SELECT external_id, zendesk_id, delivery FROM zendesk_tickets',
        )
      ).rows;
      assert.equal(tickets.length, TICKETS);
      for (const ticket of tickets) {
        assert.equal(zd.ticketCount(ticket.external_id), 1, `Zendesk tickets for ${ticket.external_id}`);
        assert.equal(zd.tickets().find((t) => t.externalId === ticket.external_id)?.id, Number(ticket.zendesk_id));
      }
      assert.equal(zd.tickets().length, TICKETS, 'no ticket made twice');
      const lines = (
        await db.query<{ body: string }>(
          "SELECT body FROM room_messages WHERE kind = 'bot' AND body LIKE '%I''ve created%'",
        )
      ).rows.map((row) => row.body);
      assert.equal(lines.length, TICKETS);
      assert.equal(new Set(lines).size, TICKETS);
      const outbox = (
        await db.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM zendesk_outbox GROUP BY status',
        )
      ).rows;
      assert.deepEqual(outbox, [{ status: 'done', n: TICKETS }]);
      const faults = zd.faultLog();
      assert.ok(
        faults.some((fault) => fault.phase === 'after' && fault.method === 'POST'),
        'a create answer was lost',
      );
      console.log(`zendesk chaos: ${zd.requests().length} requests, ${faults.length} faults`);
    } finally {
      await store.close();
      await zd.close();
    }
  },
);
