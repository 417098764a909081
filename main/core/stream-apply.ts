/**
 * Applying one stream event to the cache. The cache is the only thing touched; what else must follow (events to
 * the renderer, notifications, a room line, fetching changed note rules) is returned for the caller to do.
 */
import { AlertSchema, type Alert } from '../../shared/alert.ts';
import { RoomMessageSchema, type RoomMessage } from '../../shared/room.ts';
import type { StreamEvent } from '../../shared/stream.ts';
import { changeOf, type AlertChange } from './alert-change-events.ts';
import type { CachedPage, ConsoleCache } from './cache.ts';
import { PageRecordSchema, type PageRecord } from './coss-client.ts';
import { withAlertNotes, withComment } from './notes-bundle.ts';
import type { NotifyEvent } from './notification-policy.ts';

/** Events older than this when they arrive (a long replay) update the cache but do not notify. */
const NOTIFY_MAX_AGE_MS = 10 * 60_000;

/** What applying an event asks of the rest of the console. */
export interface AppliedEvent {
  changes: { customer: string; change: AlertChange }[];
  notifications: NotifyEvent[];
  /** a new room line to show */
  roomMessage: RoomMessage | null;
  /** the customer whose note rules changed: fetch them */
  rulesChanged: string | null;
  /** the customer one of whose heartbeats was made, missed, pinged again, changed or removed: tell the renderer */
  heartbeatsChanged: string | null;
}

/** The very same version of an alert, field for field: the stream echoing a change this console already holds. */
export function sameAlert(a: Alert, b: Alert): boolean {
  return a.updatedAt === b.updatedAt && JSON.stringify(a) === JSON.stringify(b);
}

/** A page as the cache keeps it. */
export function toCachedPage(page: PageRecord): CachedPage {
  return {
    dedupKey: page.dedupKey,
    target: page.target,
    targetName: page.targetName,
    priority: page.priority,
    delivery: page.delivery,
    incidentStatus: page.incidentStatus,
    assignees: [],
    actionError: page.actionError ?? null,
    alertNumber: page.alertNumber,
    createdAt: page.createdAt,
  };
}

/**
 * Whether the alert notifies nobody because its cause is known: Zenoss reports it Suppressed, or one of the
 * customer's transforms suppressed it (`suppressedBy`).
 */
function isSuppressed(alert: Alert): boolean {
  return alert.suppressed === true || (alert.suppressedBy ?? null) !== null;
}

/** Whether COSS marks the alert as under maintenance (a cached alert from before windows has no mark). */
function isUnderMaintenance(alert: Alert): boolean {
  return alert.maintenance !== undefined && alert.maintenance !== null;
}

function customerName(cache: ConsoleCache, slug: string): string {
  return cache.customerList.find((customer) => customer.slug === slug)?.name ?? slug;
}

/** Applies `event` (received at `now`) to `cache`, seq and sync time included. */
export function applyStreamEvent(cache: ConsoleCache, event: StreamEvent, now: number): AppliedEvent {
  const applied: AppliedEvent = {
    changes: [],
    notifications: [],
    roomMessage: null,
    rulesChanged: null,
    heartbeatsChanged: null,
  };
  const fresh = now - Date.parse(event.at) < NOTIFY_MAX_AGE_MS;
  if (event.kind.startsWith('alert.')) {
    const data = event.data as { alert?: unknown; comment?: { author: string; body: string } };
    const parsed = AlertSchema.safeParse(
      event.kind === 'alert.noted' && data && 'alert' in data ? data.alert : event.data,
    );
    if (parsed.success)
      applyAlert(
        cache,
        applied,
        parsed.data,
        event.kind,
        fresh,
        event.kind === 'alert.noted' ? data.comment : undefined,
      );
  } else if (event.kind === 'room.message') {
    const parsed = RoomMessageSchema.safeParse(event.data);
    if (parsed.success && cache.addRoomMessage(parsed.data)) applied.roomMessage = parsed.data;
  } else if (event.kind === 'page.updated') {
    const parsed = PageRecordSchema.safeParse(event.data);
    if (parsed.success) applyPage(cache, applied, parsed.data, fresh, event.actor);
  } else if (event.kind === 'notes.rules-changed' && event.customer) {
    applied.rulesChanged = event.customer;
  } else if (event.kind === 'heartbeat.changed' && event.customer) {
    // Nothing cached: a heartbeat's state is COSS's to judge at the time of asking (handlers/heartbeat-handlers.ts).
    applied.heartbeatsChanged = event.customer;
  }
  cache.setLastSeq(event.seq);
  cache.markSynced(new Date(now).toISOString());
  return applied;
}

function applyAlert(
  cache: ConsoleCache,
  applied: AppliedEvent,
  alert: Alert,
  kind: string,
  fresh: boolean,
  comment: { author: string; body: string } | undefined,
): void {
  const previous = cache.putAlert(alert);
  const data = cache.customer(alert.customer);
  data.notes = withAlertNotes(data.notes, alert);
  if (comment) data.notes = withComment(data.notes, alert, comment);
  // The stream's copy of a change this console already took from its own action's answer: the renderer has it,
  // and repeating it costs a re-render in the frames right after every keystroke.
  const repeated = previous !== undefined && sameAlert(previous, alert);
  if (!repeated) applied.changes.push({ customer: alert.customer, change: changeOf(alert) });
  if (!fresh) return;
  const base = {
    customer: alert.customer,
    customerName: customerName(cache, alert.customer),
    number: alert.number,
    severity: alert.severity,
    device: alert.device,
    summary: alert.summary,
    source: alert.source,
    underMaintenance: isUnderMaintenance(alert),
    suppressed: isSuppressed(alert),
  };
  const ended = previous?.maintenance ?? null;
  if (kind === 'alert.created') applied.notifications.push({ kind: 'alert.created', ...base });
  else if (ended !== null && !base.underMaintenance && alert.status === 'open') {
    // The window ended (or Zenoss left Maintenance) and nobody has the alert: it speaks now, once, since the
    // mark goes from set to unset once per maintenance.
    applied.notifications.push({ kind: 'alert.maintenanceEnded', ...base, reason: ended.reason });
  } else if (
    kind === 'alert.updated' &&
    previous?.status === 'acknowledged' &&
    alert.status === 'acknowledged' &&
    alert.count > previous.count
  ) {
    applied.notifications.push({ kind: 'alert.retriggered', ...base });
  }
}

function applyPage(
  cache: ConsoleCache,
  applied: AppliedEvent,
  page: PageRecord,
  fresh: boolean,
  actor: string | null,
): void {
  const previous = cache.putPage(page.customer, toCachedPage(page));
  if (page.alertNumber !== null)
    applied.changes.push({ customer: page.customer, change: { changed: page.alertNumber } });
  if (!fresh) return;
  const base = {
    customer: page.customer,
    customerName: customerName(cache, page.customer),
    number: page.alertNumber,
    targetName: page.targetName,
  };
  if (page.delivery === 'sent' && previous?.delivery !== 'sent')
    applied.notifications.push({ kind: 'page.sent', ...base, direct: false });
  const status = page.incidentStatus;
  if (status === null || status === (previous?.incidentStatus ?? null)) return;
  const alert = page.alertNumber === null ? undefined : cache.customer(page.customer).alerts.get(page.alertNumber);
  if (status === 'triggered' && previous?.incidentStatus === 'acknowledged' && alert) {
    const { customer, number, severity, device, summary } = alert;
    applied.notifications.push({
      kind: 'alert.retriggered',
      customer,
      customerName: base.customerName,
      number,
      severity,
      device,
      summary,
      underMaintenance: isUnderMaintenance(alert),
      suppressed: isSuppressed(alert),
    });
  } else if (status !== 'triggered') {
    applied.notifications.push({ kind: 'page.answered', ...base, status, by: actor });
  }
}
