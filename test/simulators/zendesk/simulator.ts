/**
 * startZendeskSimulator: one HTTP server on 127.0.0.1 serving the Ticketing API subset COSS uses, with helpers that
 * act as an agent in Zendesk (change a status, comment) and send the signed webhook Zendesk would send for it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from '../pagerduty/http-util.ts';
import { ZendeskState } from './state.ts';
import { handleTickets } from './tickets-api.ts';
import type {
  FaultConfig,
  FaultRecord,
  RequestRecord,
  SentWebhook,
  SimTicket,
  TicketStatus,
  ZendeskSimulatorOptions,
} from './types.ts';
import { commentAddedEvent, statusChangedEvent, zendeskSignature } from './webhooks.ts';

export interface WebhookTarget {
  url: string;
  /** the webhook's signing secret */
  secret: string;
}

export interface SendOptions {
  /** the signature timestamp; default now (ISO 8601, as Zendesk sends it) */
  timestamp?: string;
  /** sign with this secret instead (a forgery) */
  signWith?: string;
  /** send this body but sign the original (a tampered body) */
  tamperedBody?: string;
}

export interface ZendeskSimulator {
  /** e.g. http://127.0.0.1:PORT — the account's base URL (ZENDESK_URL) */
  readonly url: string;
  close(): Promise<void>;
  tickets(): SimTicket[];
  ticket(id: number): SimTicket;
  /** how many tickets carry `externalId`: the "exactly one ticket" check */
  ticketCount(externalId: string): number;
  requests(): RequestRecord[];
  faultLog(): FaultRecord[];
  setFaults(config: FaultConfig | null): void;
  /** the next `count` requests answer 429 with `Retry-After: retryAfterSeconds` */
  throttleNext(count: number, retryAfterSeconds: number): void;
  /** an agent changes the status; returns the event payload */
  setStatus(id: number, status: TicketStatus): Record<string, unknown>;
  /** an agent comments; returns the event payload */
  addComment(id: number, body: string, options?: { public?: boolean; author?: string }): Record<string, unknown>;
  /** POSTs `event` to the target signed as Zendesk signs; resolves with what the receiver answered */
  sendWebhook(target: WebhookTarget, event: Record<string, unknown>, options?: SendOptions): Promise<SentWebhook>;
  /** sends exactly the same bytes, timestamp and signature again (a replay or a Zendesk retry) */
  resendWebhook(target: WebhookTarget, sent: SentWebhook): Promise<SentWebhook>;
}

export async function startZendeskSimulator(options: ZendeskSimulatorOptions = {}): Promise<ZendeskSimulator> {
  const state = new ZendeskState(options);
  const server = http.createServer((req, res) => {
    handleTickets(state, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: 'SimulatorBug', description: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post = async (url: string, body: string, headers: Record<string, string>): Promise<number | null> => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...headers },
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null;
    }
  };

  return {
    url: state.baseUrl,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    tickets: () => structuredClone(state.tickets),
    ticket: (id) => structuredClone(state.find(id)),
    ticketCount: (externalId) => state.tickets.filter((t) => t.externalId === externalId).length,
    requests: () => structuredClone(state.requests),
    faultLog: () => structuredClone(state.faults.records),
    setFaults: (config) => state.faults.set(config),
    throttleNext: (count, retryAfterSeconds) => {
      state.forcedThrottle = { count, retryAfterSeconds };
    },
    setStatus: (id, status) => {
      const { ticket, previous } = state.setStatus(id, status);
      return statusChangedEvent(ticket, previous, state.now());
    },
    addComment: (id, body, opts = {}) => {
      const comment = state.addComment(id, body, opts.public ?? true, state.defaultUserId);
      return commentAddedEvent(state.find(id), comment, opts.author ?? 'Zendesk Agent', state.now());
    },
    async sendWebhook(target, event, opts = {}) {
      const timestamp = opts.timestamp ?? new Date(state.now()).toISOString();
      const body = JSON.stringify(event);
      const signature = zendeskSignature(opts.signWith ?? target.secret, timestamp, body);
      const sent = opts.tamperedBody ?? body;
      const status = await post(target.url, sent, {
        'X-Zendesk-Webhook-Signature': signature,
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
      });
      return { id: String(event.id), timestamp, signature, body: sent, status };
    },
    async resendWebhook(target, sent) {
      const status = await post(target.url, sent.body, {
        'X-Zendesk-Webhook-Signature': sent.signature,
        'X-Zendesk-Webhook-Signature-Timestamp': sent.timestamp,
      });
      return { ...sent, status };
    },
  };
}
