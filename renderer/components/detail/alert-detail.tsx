/** The opened alert: what it is, its runbook notes, PagerDuty's state and its history. */
import type { AlertView } from '../../../shared/host/contract.ts';
import { selectActiveCustomer, selectCursorAlert } from '../../state/queue-selectors.ts';
import { useConsoleStore } from '../../state/store.ts';
import { formatAge, formatClock, formatDuration, formatTime, localClock } from '../common/format.ts';
import { pagerDutyRefusal } from '../queue/alert-row.tsx';
import { LinkedText } from '../common/linked-text.tsx';
import { MarkdownNotes } from '../notes/markdown-notes.tsx';
import { SeverityBadge } from '../common/severity-badge.tsx';
import { useNow } from '../common/use-now.ts';
import { markSource } from '../maintenance/window-text.ts';
import { TransformSuppression } from './transform-suppression.tsx';
import { TicketPanel } from './ticket-panel.tsx';
import { TimePanel } from './time-panel.tsx';

function PagerDutyPanel({ alert }: { alert: AlertView }) {
  if (alert.pages.length === 0) return <p className="notes-empty">Not paged. Press p to page someone.</p>;
  // COSS may say acknowledged while PagerDuty's incident is still triggered: that is said first, in words.
  const refusal = pagerDutyRefusal(alert);
  return (
    <>
      {refusal !== null && (
        <p className="pd-refusal" role="status">
          {refusal}
        </p>
      )}
      <PagerDutyTable alert={alert} />
    </>
  );
}

function PagerDutyTable({ alert }: { alert: AlertView }) {
  return (
    <table className="pd-table">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Priority</th>
          <th scope="col">Delivery</th>
          <th scope="col">Incident</th>
          <th scope="col">Assignee</th>
        </tr>
      </thead>
      <tbody>
        {alert.pages.map((page) => (
          <tr key={page.dedupKey + page.target}>
            <td title={page.target}>{page.targetName}</td>
            <td className={`prio prio-${page.priority}`}>{page.priority}</td>
            <td className={`pd-${page.delivery}`}>{page.delivery === 'direct' ? 'sent direct' : page.delivery}</td>
            <td className={`pd-${page.incidentStatus ?? 'none'}`}>
              {page.incidentStatus ?? '—'} <span className="dim">{page.dedupKey}</span>
            </td>
            <td>{page.assignees.length > 0 ? page.assignees.join(', ') : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A moment in the customer's time, with UTC and the operator's own clock beside it, and how long ago (or, for a
 * moment to come such as a window's end, how long from now).
 */
function Moment({
  iso,
  timeZone,
  now,
  until = false,
}: {
  iso: string;
  timeZone: string | undefined;
  now: number;
  until?: boolean;
}) {
  const local = localClock(iso, timeZone);
  const utc = formatClock(iso, 'UTC');
  return (
    <span title={`${formatTime(iso, timeZone)} · ${formatTime(iso, 'UTC')} · ${formatTime(iso)} (yours)`}>
      {formatTime(iso, timeZone)}
      <span className="dim moment-more">
        {utc !== formatClock(iso, timeZone) ? `${utc} UTC · ` : ''}
        {local !== null && local !== utc ? `${local} yours · ` : ''}
        {until ? `in ${formatDuration(Date.parse(iso) - now)}` : `${formatAge(iso, now)} ago`}
      </span>
    </span>
  );
}

// Shown elsewhere already: the summary and message, and the runbook as its own fact.
const ANNOTATIONS_SHOWN_ELSEWHERE = new Set(['summary', 'description', 'runbook_url']);

/** What Prometheus (or a generic sender) attached: labels as name=value chips, other annotations as text. */
function LabelsAndAnnotations({ alert }: { alert: AlertView }) {
  const labels = Object.entries(alert.labels);
  const annotations = Object.entries(alert.annotations).filter(([name]) => !ANNOTATIONS_SHOWN_ELSEWHERE.has(name));
  return (
    <>
      {labels.length > 0 && (
        <>
          <h3>Labels</h3>
          <ul className="labels">
            {labels.map(([name, value]) => (
              <li key={name} className="label-chip">
                <span className="label-name">{name}</span>=<span className="label-value">{value}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {annotations.length > 0 && (
        <>
          <h3>Annotations</h3>
          <dl className="annotations">
            {annotations.map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>
                  <LinkedText text={value} />
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </>
  );
}

export function AlertDetail() {
  const alert = useConsoleStore(selectCursorAlert);
  const detail = useConsoleStore((state) => (alert !== null ? state.details[alert.number] : undefined));
  const timeZone = useConsoleStore((state) => selectActiveCustomer(state)?.timeZone);
  const now = useNow();
  if (alert === null) return <section className="detail detail-empty">Nothing selected.</section>;
  const runbook = alert.annotations['runbook_url'];
  const acknowledged = detail?.history.find((entry) => entry.kind === 'alert.acknowledged') ?? null;
  return (
    <section className="detail" aria-label={`Alert ${alert.number}`} data-number={alert.number}>
      <header className="detail-head">
        <SeverityBadge severity={alert.severity} />
        <span className="detail-num">{alert.number}</span>
        <h2 className="detail-summary">{alert.summary}</h2>
        <span className={`detail-status st-${alert.status}`}>
          {alert.status}
          {alert.acknowledgedBy !== null && alert.status !== 'open' ? ` by ${alert.acknowledgedBy}` : ''}
        </span>
      </header>
      <dl className="facts">
        <dt>Device</dt>
        <dd>
          {alert.device}
          {alert.ip !== null && <span className="dim"> ({alert.ip})</span>}
        </dd>
        <dt>Component</dt>
        <dd>{alert.component || '—'}</dd>
        <dt>Class</dt>
        <dd>{alert.eventClass || '—'}</dd>
        <dt>Count</dt>
        <dd>{alert.count}</dd>
        <dt>First seen</dt>
        <dd>
          <Moment iso={alert.firstSeen} timeZone={timeZone} now={now} />
        </dd>
        <dt>Last seen</dt>
        <dd>
          <Moment iso={alert.lastSeen} timeZone={timeZone} now={now} />
        </dd>
        {acknowledged !== null && (
          <>
            <dt>Acknowledged</dt>
            <dd className="time-to-ack" title={formatTime(acknowledged.at, timeZone)}>
              {formatDuration(Date.parse(acknowledged.at) - Date.parse(alert.firstSeen))} after it opened
              {acknowledged.actor !== null ? `, by ${acknowledged.actor}` : ''}
            </dd>
          </>
        )}
        {alert.maintenance !== undefined && alert.maintenance !== null && (
          <>
            <dt className="maint-dt">Maintenance</dt>
            <dd className="maint-fact" data-window={alert.maintenance.windowId ?? undefined}>
              <span className="maint-tag" aria-hidden="true">
                MAINT
              </span>{' '}
              {markSource(alert.maintenance)}: {alert.maintenance.reason},{' '}
              {alert.maintenance.until !== null ? (
                <>
                  until <Moment iso={alert.maintenance.until} timeZone={timeZone} now={now} until />
                </>
              ) : (
                'until Zenoss puts the device back in production'
              )}
              <span className="dim maint-effect">
                No desktop notifications while it lasts; p is refused unless forced.
              </span>
            </dd>
          </>
        )}
        {alert.suppressed === true && (
          <>
            <dt className="supp-dt">Zenoss</dt>
            <dd className="supp-fact">
              <span className="supp-tag" aria-hidden="true">
                SUPP
              </span>{' '}
              Suppressed in Zenoss: its cause is known elsewhere; nobody is notified about it.
            </dd>
          </>
        )}
        {(alert.suppressedBy ?? null) !== null && (
          <>
            <dt className="supp-dt">Transform</dt>
            <dd className="supp-fact transform-supp-fact" data-transform={alert.suppressedBy ?? undefined}>
              <TransformSuppression customer={alert.customer} id={alert.suppressedBy ?? 0} />
            </dd>
          </>
        )}
        <dt>Assignee</dt>
        <dd>{alert.assignee ?? '—'}</dd>
        {alert.systems.length > 0 && (
          <>
            <dt>Systems</dt>
            <dd>{alert.systems.join(', ')}</dd>
          </>
        )}
        {runbook !== undefined && (
          <>
            <dt>Runbook</dt>
            <dd>
              <LinkedText text={runbook} />
            </dd>
          </>
        )}
        {alert.generatorUrl !== null && (
          <>
            <dt>Source</dt>
            <dd>
              <LinkedText text={alert.generatorUrl} />
            </dd>
          </>
        )}
      </dl>
      <div className="detail-cols">
        <div className="detail-notes">
          <h3>Tier notes</h3>
          <MarkdownNotes text={alert.notes.tier} empty="No tier notes for this alert." />
          <h3>Device notes</h3>
          <MarkdownNotes text={alert.notes.device} empty="No device notes for this device." />
          {alert.message !== '' && alert.message !== alert.summary && (
            <>
              <h3>Message</h3>
              <pre className="message">{alert.message}</pre>
            </>
          )}
          <LabelsAndAnnotations alert={alert} />
        </div>
        <div className="detail-side">
          <h3>PagerDuty</h3>
          <PagerDutyPanel alert={alert} />
          <h3>Zendesk</h3>
          <TicketPanel tickets={alert.tickets ?? []} />
          <h3>Time</h3>
          <TimePanel number={alert.number} updatedAt={alert.updatedAt} />
          <h3>Notes</h3>
          {detail === undefined ? (
            <p className="notes-empty">Loading…</p>
          ) : detail.comments.length === 0 ? (
            <p className="notes-empty">No notes yet. Press n to add one.</p>
          ) : (
            <ul className="comments">
              {detail.comments.map((comment) => (
                <li key={comment.id}>
                  <span className="comment-meta">
                    {comment.author} · {formatTime(comment.createdAt, timeZone)}
                  </span>
                  <span className="comment-body">
                    <LinkedText text={comment.body} />
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>Timeline</h3>
          {detail === undefined ? (
            <p className="notes-empty">Loading…</p>
          ) : detail.history.length === 0 ? (
            <p className="notes-empty">No timeline while COSS is unreachable; it comes back with the connection.</p>
          ) : (
            <ol className="history">
              {detail.history.map((entry) => (
                <li key={entry.seq} data-kind={entry.kind}>
                  <span
                    className="history-at"
                    title={`${formatTime(entry.at, timeZone)} · ${formatTime(entry.at, 'UTC')}`}
                  >
                    {formatClock(entry.at, timeZone)}
                  </span>{' '}
                  <span className="history-kind">
                    <LinkedText text={entry.text ?? entry.kind} />
                  </span>
                  {entry.actor !== null && entry.kind !== 'room.message' && (
                    <span className="dim"> · {entry.actor}</span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
