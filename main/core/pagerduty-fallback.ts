/**
 * Straight to PagerDuty while COSS is unreachable: a page becomes an Events API v2 trigger with COSS's own dedup
 * key (`coss_<customer#>-<event#>`), an acknowledgement a REST incident update (with `From:`) or an Events v2
 * acknowledge. Nothing here is remembered apart from what the caller records in the outbox for reconciliation.
 */
import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import { dedupKeyFor } from '../../shared/dedup-key.ts';
import { SEVERITY_BY_PRIORITY } from '../../shared/page-severity.ts';
import { errorMessage } from '../../shared/error-message.ts';

export const PagerDutyFallbackConfigSchema = z.object({
  eventsUrl: z.string().url().default('https://events.pagerduty.com/v2/enqueue'),
  apiUrl: z.string().url().default('https://api.pagerduty.com'),
  /** paging target path (casc/int/systems) → that service's Events v2 integration key */
  routingKeys: z.record(z.string(), z.string().regex(/^[A-Za-z0-9]{32}$/)).default({}),
  /** REST API token; with `fromEmail`, acknowledgements go through REST so PagerDuty records who acted */
  apiToken: z.string().optional(),
  fromEmail: z.string().email().optional(),
});
export type PagerDutyFallbackConfig = z.infer<typeof PagerDutyFallbackConfigSchema>;

/** A direct PagerDuty call failed; the message is for the operator. */
export class PagerDutyError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'PagerDutyError';
  }
}

export interface DirectPage {
  customerName: string;
  customerNumber: number;
  /** the alert, or null for a page about something else */
  number: number | null;
  target: string;
  priority: 'normal' | 'urgent' | 'emergency';
  message: string;
  pagedBy: string;
  alert?: { device: string; component: string; eventClass: string; severity: string; summary: string } | undefined;
}

export class PagerDutyFallback {
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: PagerDutyFallbackConfig,
    options: { timeoutMs?: number; now?: () => number } = {},
  ) {
    this.http = axios.create({ timeout: options.timeoutMs ?? 10_000, validateStatus: () => true, proxy: false });
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  /** True when this target can be paged directly (its routing key is configured). */
  canPage(target: string): boolean {
    return this.config.routingKeys[target] !== undefined;
  }

  /** True when an incident with this target can be acknowledged directly. */
  canAcknowledge(target: string): boolean {
    return this.canPage(target) || (this.config.apiToken !== undefined && this.config.fromEmail !== undefined);
  }

  /** Triggers an incident through Events API v2; returns the dedup key used. */
  async page(page: DirectPage): Promise<{ dedupKey: string }> {
    const routingKey = this.config.routingKeys[page.target];
    if (!routingKey) throw new PagerDutyError(`no PagerDuty routing key is configured for ${page.target}`, null);
    // Pages without an alert get a key of their own; COSS's reconciliation line names it.
    const dedupKey =
      page.number === null
        ? `coss_${page.customerNumber}-d${this.now()}`
        : dedupKeyFor(page.customerNumber, page.number);
    await this.sendEvent({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      client: 'COSS Console (direct, COSS unreachable)',
      payload: {
        summary: page.message.slice(0, 1024) || `${page.alert?.summary ?? 'page'} (event ${page.number ?? '-'})`,
        source: page.alert?.device ?? `coss/${page.customerName}`,
        severity: SEVERITY_BY_PRIORITY[page.priority],
        timestamp: new Date(this.now()).toISOString(),
        group: page.customerName,
        ...(page.alert ? { component: page.alert.component, class: page.alert.eventClass } : {}),
        custom_details: {
          customer: page.customerName,
          customer_number: page.customerNumber,
          priority: page.priority,
          paged_by: page.pagedBy,
          message: page.message,
          sent_directly: 'COSS was unreachable; the console paged PagerDuty directly',
          ...(page.number !== null ? { event_number: page.number } : {}),
          ...(page.alert ? { alert_severity: page.alert.severity, alert_summary: page.alert.summary } : {}),
        },
      },
    });
    return { dedupKey };
  }

  /**
   * Acknowledges the incident of `dedupKey`: through REST when a token and From email are set (PagerDuty then
   * records the operator), else through Events v2 with the target's routing key.
   */
  async acknowledge(dedupKey: string, target: string): Promise<{ via: 'rest' | 'events' }> {
    if (this.config.apiToken && this.config.fromEmail) {
      const incidentId = await this.findIncident(dedupKey);
      if (incidentId !== null) {
        const response = await this.request('put', `/incidents/${encodeURIComponent(incidentId)}`, {
          incident: { type: 'incident_reference', status: 'acknowledged' },
        });
        if (response.status >= 300) throw this.failure('acknowledge', response.status, response.data);
        return { via: 'rest' };
      }
    }
    const routingKey = this.config.routingKeys[target];
    if (!routingKey)
      throw new PagerDutyError(
        `cannot acknowledge ${dedupKey}: no incident found and no routing key for ${target}`,
        null,
      );
    await this.sendEvent({ routing_key: routingKey, event_action: 'acknowledge', dedup_key: dedupKey });
    return { via: 'events' };
  }

  private async findIncident(dedupKey: string): Promise<string | null> {
    const query = `incident_key=${encodeURIComponent(dedupKey)}&statuses[]=triggered&statuses[]=acknowledged`;
    const response = await this.request('get', `/incidents?${query}`);
    if (response.status >= 300) throw this.failure('look up the incident for', response.status, response.data);
    const incidents = (response.data as { incidents?: Array<{ id: string }> }).incidents ?? [];
    return incidents[0]?.id ?? null;
  }

  private async request(method: 'get' | 'put', path: string, body?: unknown) {
    try {
      return await this.http.request({
        method,
        url: this.config.apiUrl.replace(/\/+$/, '') + path,
        data: body,
        headers: {
          authorization: `Token token=${this.config.apiToken ?? ''}`,
          accept: 'application/vnd.pagerduty+json;version=2',
          ...(method === 'put' ? { from: this.config.fromEmail ?? '' } : {}),
        },
      });
    } catch (error) {
      throw new PagerDutyError(`PagerDuty could not be reached (${errorMessage(error)})`, null);
    }
  }

  private async sendEvent(body: Record<string, unknown>): Promise<void> {
    let response;
    try {
      response = await this.http.post(this.config.eventsUrl, body);
    } catch (error) {
      throw new PagerDutyError(`PagerDuty could not be reached (${errorMessage(error)})`, null);
    }
    if (response.status !== 202) throw this.failure(String(body.event_action), response.status, response.data);
  }

  private failure(what: string, status: number, data: unknown): PagerDutyError {
    const detail = (data as { message?: string; error?: { message?: string } } | undefined) ?? {};
    return new PagerDutyError(
      `PagerDuty refused to ${what} (HTTP ${status}: ${detail.error?.message ?? detail.message ?? 'no detail'})`,
      status,
    );
  }
}
