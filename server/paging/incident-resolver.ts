/**
 * Fills in what a change's source leaves out, before its transaction: the dedup key (and service) of an incident
 * COSS has not linked yet and that only its id names (notes, log entries), and the escalation level, which
 * neither webhooks nor log entries carry (it is the level at which the new assignees are on call).
 * Look-ups need the REST token; without one the change goes on as it is.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../db/database.ts';
import type { IncidentChange } from './incident-change.ts';
import type { OnCallDirectory } from '../integrations/pagerduty/oncall.ts';
import type { Incident, PagerDutyReader } from '../integrations/pagerduty/rest-reads.ts';

export class IncidentResolver {
  private readonly incidents = new Map<string, Incident | null>();

  constructor(
    private readonly db: Sql,
    private readonly reader: PagerDutyReader,
    private readonly oncall: OnCallDirectory,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Whether COSS knows this incident (a page is linked to it). */
  async isLinked(incidentId: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM pages WHERE incident_id = $1 LIMIT 1', [incidentId])).rows.length > 0;
  }

  /** PagerDuty's incident (cached, also when absent); null without a token or when PagerDuty has none. */
  async incident(incidentId: string): Promise<Incident | null> {
    if (!this.reader.enabled) return null;
    if (this.incidents.has(incidentId)) return this.incidents.get(incidentId) ?? null;
    const incident = await this.reader.incident(incidentId);
    if (this.incidents.size > 5_000) this.incidents.clear();
    this.incidents.set(incidentId, incident);
    return incident;
  }

  /** Completes `change` in place where it can; never throws for a failed look-up. */
  async enrich(change: IncidentChange): Promise<void> {
    try {
      const stored = (
        await this.db.query<{
          incident_key: string | null;
          service_id: string | null;
          escalation_policy_id: string | null;
        }>('SELECT incident_key, service_id, escalation_policy_id FROM pagerduty_incidents WHERE incident_id = $1', [
          change.incidentId,
        ])
      ).rows[0];
      change.incidentKey ??= stored?.incident_key ?? null;
      change.serviceId ??= stored?.service_id ?? null;
      let policyId = change.escalationPolicy?.id ?? stored?.escalation_policy_id ?? null;
      if (change.incidentKey === null && !(await this.isLinked(change.incidentId))) {
        const incident = await this.incident(change.incidentId);
        if (incident) {
          change.incidentKey = incident.incident_key ?? null;
          change.serviceId ??= incident.service?.id ?? null;
          change.incidentNumber ??= incident.incident_number ?? null;
          policyId ??= incident.escalation_policy?.id ?? null;
        }
      }
      if (change.kind === 'escalated' && change.escalationLevel === null && policyId !== null && change.assignees) {
        change.escalationLevel = await this.oncall.levelOf(
          policyId,
          change.assignees.map((a) => a.id),
        );
      }
    } catch (error) {
      this.log.warn(
        { err: error, incidentId: change.incidentId },
        'PagerDuty look-up failed; applying what the change says',
      );
    }
  }
}
