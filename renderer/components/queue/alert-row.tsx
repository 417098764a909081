/** One queue row: everything an operator triages by, on one line. */
import { memo } from 'react';
import type { AlertView } from '../../../shared/host/contract.ts';
import type { TicketRef } from '../../../shared/ticket.ts';
import type { PendingAction } from '../../state/alerts-slice.ts';
import { firstLine, formatAge } from '../common/format.ts';
import { SeverityBadge } from '../common/severity-badge.tsx';
import { MaintenanceTag } from '../maintenance/maintenance-tag.tsx';
import { queueRowAttributes, type QueueRowPlace } from './row-attributes.ts';
import { SuppressedTag } from './suppressed-tag.tsx';
import { TicketTag } from './ticket-tag.tsx';

export interface AlertRowProps extends QueueRowPlace {
  alert: AlertView;
  isMarked: boolean;
  pending: PendingAction | undefined;
  now: number;
  /** the customer's name, in the all-customers queue only (which has a customer column) */
  customerName?: string | undefined;
}

/** "Romel Emperado" → "Romel E.": enough to recognise a colleague in a narrow column. */
export function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  const first = parts[0] ?? name;
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  return last !== undefined ? `${first} ${last[0]}.` : first;
}

const NO_TICKETS: readonly TicketRef[] = [];

const PD_WORD: Readonly<Record<string, string>> = {
  acknowledged: 'acked',
  triggered: 'triggered',
  resolved: 'resolved',
};

/**
 * What PagerDuty refused of the operator's changes to the alert's incidents, as one sentence ("PagerDuty refused
 * the acknowledge of coss_102-10020: no PagerDuty email for Night Op in COSS …"); null when it took them all.
 */
export function pagerDutyRefusal(alert: AlertView): string | null {
  const refusals: string[] = [];
  for (const page of alert.pages) {
    if (page.actionError === undefined || page.actionError === null) continue;
    // Stored as "<what>: <why>" (server/paging/pagerduty-outcome.ts).
    const colon = page.actionError.indexOf(': ');
    const what = colon < 0 ? 'change' : page.actionError.slice(0, colon);
    const why = colon < 0 ? page.actionError : page.actionError.slice(colon + 2);
    refusals.push(`PagerDuty refused the ${what} of ${page.dedupKey} (${page.targetName}): ${why}`);
  }
  return refusals.length === 0 ? null : refusals.join(' · ');
}

/** The latest page's PagerDuty state, as short as it can be said; a refused change comes first. */
export function pagerDutyLabel(alert: AlertView): { text: string; tone: string; title?: string } {
  const page = alert.pages[alert.pages.length - 1];
  if (page === undefined) return { text: '—', tone: 'none' };
  // "ack" in COSS while the incident stays triggered is the one state the operator must not miss.
  const refusal = pagerDutyRefusal(alert);
  if (refusal !== null) return { text: 'PD refused', tone: 'failed', title: refusal };
  if (page.delivery === 'failed') return { text: 'PD failed', tone: 'failed' };
  if (page.delivery === 'queued') return { text: 'PD queued', tone: 'queued' };
  const status =
    page.incidentStatus !== null
      ? (PD_WORD[page.incidentStatus] ?? page.incidentStatus)
      : page.delivery === 'direct'
        ? 'sent direct'
        : 'sent';
  const who = page.assignees[0];
  return { text: who !== undefined ? `${status} · ${shortName(who)}` : status, tone: page.incidentStatus ?? 'sent' };
}

function statusLabel(alert: AlertView, pending: PendingAction | undefined): string {
  if (pending?.via === 'held') return 'resolving (u undoes)';
  if (pending !== undefined)
    return `${pending.action === 'acknowledge' ? 'ack' : 'resolve'} ${pending.via === 'queued' ? 'queued' : 'sent PD'}`;
  // The core shows a queued acknowledgement at once as "<me> (pending)" until COSS confirms it (e.g. after a reload).
  if (alert.status === 'acknowledged' && alert.acknowledgedBy?.endsWith(' (pending)') === true) return 'ack queued';
  if (alert.status === 'acknowledged')
    return alert.acknowledgedBy !== null ? `ack · ${shortName(alert.acknowledgedBy)}` : 'acknowledged';
  return alert.status;
}

export const AlertRow = memo(function AlertRow(props: AlertRowProps) {
  const { alert, isCursor, isMarked, pending, now } = props;
  const pd = pagerDutyLabel(alert);
  const note = firstLine(alert.notes.tier) || firstLine(alert.notes.device);
  const maintenance = alert.maintenance ?? null;
  const suppressed = alert.suppressed === true && alert.status !== 'resolved';
  const tickets = alert.tickets ?? NO_TICKETS;
  const className = [
    'arow',
    `arow-${alert.severity}`,
    `arow-status-${alert.status}`,
    isCursor ? 'is-cursor' : '',
    isMarked ? 'is-marked' : '',
    maintenance !== null ? 'in-maint' : '',
  ].join(' ');
  return (
    <div {...queueRowAttributes(props, className)} data-number={alert.number} data-status={alert.status}>
      <span className="c-mark" aria-label={isMarked ? 'marked' : undefined}>
        {isMarked ? '●' : ''}
      </span>
      <SeverityBadge severity={alert.severity} />
      <span className="c-num">{alert.number}</span>
      {props.customerName !== undefined && (
        <span className="c-cust" title={props.customerName}>
          {props.customerName}
        </span>
      )}
      <span className="c-device" title={alert.ip !== null ? `${alert.device} (${alert.ip})` : alert.device}>
        {alert.device}
      </span>
      <span className="c-comp">{alert.component}</span>
      <span className="c-summary" title={alert.summary}>
        {maintenance !== null && <MaintenanceTag mark={maintenance} />}
        {alert.summary}
      </span>
      <span className="c-count" title={`${alert.count} occurrences`}>
        {alert.count > 1 ? `×${alert.count}` : ''}
      </span>
      <span className="c-age" title={`first seen ${alert.firstSeen}, last seen ${alert.lastSeen}`}>
        {formatAge(alert.firstSeen, now)}
      </span>
      {suppressed ? (
        // The status may shorten to its ellipsis; the flag beside it may not.
        <span className={`c-status st-${pending !== undefined ? 'pending' : alert.status} has-supp`}>
          <span className="c-status-text">{statusLabel(alert, pending)}</span>
          <SuppressedTag />
        </span>
      ) : (
        <span className={`c-status st-${pending !== undefined ? 'pending' : alert.status}`}>
          {statusLabel(alert, pending)}
        </span>
      )}
      {tickets.length > 0 ? (
        // PagerDuty's word may shorten to its ellipsis; the ticket number beside it may not.
        <span className={`c-pd pd-${pd.tone} has-ticket`}>
          <span className="c-pd-text" title={pd.title}>
            {pd.text}
          </span>
          <TicketTag tickets={tickets} />
        </span>
      ) : (
        <span className={`c-pd pd-${pd.tone}`} title={pd.title}>
          {pd.text}
        </span>
      )}
      <span className="c-note" title={note}>
        {note}
      </span>
    </div>
  );
});
