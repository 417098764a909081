/**
 * Making one outbox row's call(s) to PagerDuty: an Events API v2 event, or a REST change to the incident the
 * row's dedup key names (found by the page's incident id, else looked up by dedup key).
 */
import type { Database } from '../db/database.ts';
import { final, ok, retry, type Outcome } from '../integrations/call-outcome.ts';
import type { EventsClient } from '../integrations/pagerduty/events-client.ts';
import type { IncidentRef, RestClient } from '../integrations/pagerduty/rest-client.ts';
import type { OutboxOperation } from './outbox-operations.ts';
import type { PagerDutyDelivery } from './pagerduty-outbox.ts';

export type Executed = { outcome: Outcome<unknown>; incident: IncidentRef | null };

export interface PagerDutyClients {
  events: EventsClient;
  /** null when COSS has no REST API token */
  rest: RestClient | null;
}

type RestOperation = Exclude<OutboxOperation, { operation: 'events.send' }>;

/** Makes the call(s) of `operation`; never throws for PagerDuty's answers, only for the database. */
export async function executeOperation(
  db: Database,
  clients: PagerDutyClients,
  delivery: PagerDutyDelivery,
  operation: OutboxOperation,
): Promise<Executed> {
  if (operation.operation === 'events.send') {
    return { outcome: await clients.events.send(operation.body), incident: null };
  }
  if (!clients.rest) {
    return {
      outcome: final('COSS has no PagerDuty REST API token (PAGERDUTY_API_TOKEN), so it cannot change incidents'),
      incident: null,
    };
  }
  if (!delivery.actorEmail) {
    return {
      outcome: final(
        `no PagerDuty email for ${delivery.actor} in COSS (PagerDuty records who acted by it; an admin sets it with coss admin user update --pagerduty-email)`,
      ),
      incident: null,
    };
  }
  const found = await findIncident(db, clients.rest, delivery.pageId, operation);
  if (found.kind !== 'ok') return { outcome: found, incident: null };
  return changeIncident(clients.rest, found.value, delivery.actorEmail, operation);
}

/** The incident a REST row acts on: the page's, or PagerDuty's incident with the row's dedup key. */
async function findIncident(
  db: Database,
  rest: RestClient,
  pageId: number | null,
  operation: RestOperation,
): Promise<Outcome<IncidentRef>> {
  const dedupKey = operation.operation === 'rest.incident.update' ? operation.update.dedupKey : operation.note.dedupKey;
  const page =
    pageId === null
      ? undefined
      : (
          await db.query<{ incident_id: string | null; incident_number: number | null; service_id: string | null }>(
            `SELECT p.incident_id, p.incident_number, t.service_id
             FROM pages p JOIN paging_targets t ON t.id = p.target_id WHERE p.id = $1`,
            [pageId],
          )
        ).rows[0];
  if (page?.incident_id) {
    return ok({
      id: page.incident_id,
      number: page.incident_number === null ? null : Number(page.incident_number),
      status: null,
    });
  }
  const found = await rest.findIncident(dedupKey, page?.service_id ?? null);
  if (found.kind !== 'ok') return found;
  // The trigger was accepted but PagerDuty may not have opened the incident yet: try again later.
  if (!found.value) return retry(`PagerDuty has no incident for ${dedupKey} yet`);
  return ok(found.value);
}

async function changeIncident(
  rest: RestClient,
  incident: IncidentRef,
  actorEmail: string,
  operation: RestOperation,
): Promise<Executed> {
  if (operation.operation === 'rest.incident.note') {
    return { outcome: await rest.addNote(incident.id, actorEmail, operation.note.content), incident };
  }
  const { status, escalationLevel, escalationPolicyId, priorityName } = operation.update;
  const updated = await rest.updateIncident(incident.id, actorEmail, {
    status,
    escalationLevel,
    escalationPolicyId,
    priorityName,
  });
  if (updated.kind !== 'ok') return { outcome: updated, incident };
  return { outcome: updated, incident: { ...updated.value, number: updated.value.number ?? incident.number } };
}
