/**
 * `g h`: the customer's heartbeats (monitors that ping COSS, and Alertmanager's Watchdog) with their state, worst
 * first. ↑↓ (or j k) choose, Enter on a missed one opens its alert, Esc closes. Shown only while COSS is live: COSS
 * judges whether a monitor went silent, so a copy from before the connection dropped could call a dead one "up".
 * The list is asked of COSS when the view opens, again when COSS announces a change, and when the stream is back.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { heartbeatStateAt, type Heartbeat, type HeartbeatState } from '../../../shared/heartbeat.ts';
import { loadAlertDetail } from '../../state/alert-actions.ts';
import { switchCustomer } from '../../state/customer-actions.ts';
import { loadHeartbeats } from '../../state/heartbeat-actions.ts';
import { setState, useConsoleStore } from '../../state/store.ts';
import { useNow } from '../common/use-now.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { lastPingText, scheduleText, sourceText } from './heartbeat-text.ts';

/** Worst first: a missed monitor is what the operator opened this for. */
const ORDER: Readonly<Record<HeartbeatState, number>> = { missed: 0, late: 1, waiting: 2, up: 3 };

const NO_HEARTBEATS: readonly Heartbeat[] = [];

function stopHere(event: KeyboardEvent): void {
  event.preventDefault();
  event.stopPropagation();
}

/** The alert a missed heartbeat raised, opened in its customer's queue. */
function openAlert(customer: string, number: number): void {
  void switchCustomer(customer).then(() => {
    setState({ cursor: number, detailOpen: true, overlay: null });
    void loadAlertDetail(number);
  });
}

export function HeartbeatList({ customer }: { customer: string }) {
  const customerName = useConsoleStore(
    (state) => state.customers.find((candidate) => candidate.slug === customer)?.name ?? customer,
  );
  const status = useConsoleStore((state) => state.connection?.status);
  const stored = useConsoleStore((state) => state.heartbeats[customer]);
  const now = useNow();
  const live = status === 'live';
  const [failure, setFailure] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const list = useRef<HTMLUListElement | null>(null);
  const message = useRef<HTMLParagraphElement | null>(null);

  useEffect(() => {
    if (!live) return;
    let current = true;
    void loadHeartbeats(customer).then((error) => {
      if (current) setFailure(error === null ? null : `COSS did not list the heartbeats: ${error.message}`);
    });
    return () => {
      current = false;
    };
  }, [customer, live]);

  const heartbeats = [...(stored ?? NO_HEARTBEATS)]
    .map((heartbeat) => ({ ...heartbeat, state: heartbeatStateAt(heartbeat, now) }))
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name));
  const shown = live && stored !== undefined;
  const chosen = heartbeats[Math.min(index, heartbeats.length - 1)] ?? null;
  const hasList = shown && heartbeats.length > 0;

  // Focus goes to the list once there is one, else to the words that say why there is none.
  useEffect(() => {
    if (hasList) list.current?.focus();
    else message.current?.focus();
  }, [hasList]);

  function onListKey(event: KeyboardEvent<HTMLUListElement>): void {
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        stopHere(event);
        setIndex((current) => Math.min(current + 1, Math.max(0, heartbeats.length - 1)));
        break;
      case 'ArrowUp':
      case 'k':
        stopHere(event);
        setIndex((current) => Math.max(current - 1, 0));
        break;
      case 'Enter':
        stopHere(event);
        if (chosen?.state === 'missed' && chosen.alertNumber !== null) openAlert(customer, chosen.alertNumber);
        break;
    }
  }

  const missed = heartbeats.filter((heartbeat) => heartbeat.state === 'missed').length;
  let words: string | null = null;
  if (!live)
    words = `Heartbeats need COSS live: COSS judges whether each monitor went silent, and the console is ${status ?? 'connecting'} now. They show here again when the banner says live.`;
  else if (failure !== null) words = failure;
  else if (stored === undefined) words = 'Asking COSS…';
  else if (heartbeats.length === 0)
    words = `${customerName} has no heartbeats. A monitor makes one with its first ping to COSS (see docs/ALERTS-API.md).`;

  return (
    <Dialog title={`Heartbeats · ${customerName}`} className="dialog-wide">
      {words !== null && (
        <p ref={message} className={live ? 'notes-empty' : 'hb-offline'} role={live ? 'status' : 'alert'} tabIndex={-1}>
          {words}
        </p>
      )}
      {hasList && (
        <>
          <p className="hb-summary" role="status">
            {missed === 0
              ? `${heartbeats.length} heartbeat${heartbeats.length === 1 ? '' : 's'}, none missed.`
              : `${missed} of ${heartbeats.length} missed.`}
          </p>
          <ul
            ref={list}
            className="hb-list"
            role="listbox"
            aria-label={`Heartbeats of ${customerName}`}
            aria-activedescendant={chosen !== null ? `hb-${chosen.name}` : undefined}
            tabIndex={0}
            onKeyDown={onListKey}
          >
            {heartbeats.map((heartbeat) => (
              <li
                key={heartbeat.name}
                id={`hb-${heartbeat.name}`}
                role="option"
                aria-selected={heartbeat === chosen}
                data-heartbeat={heartbeat.name}
                data-state={heartbeat.state}
              >
                <span className="hb-mark" aria-hidden="true">
                  {heartbeat.state === 'missed' ? '✕' : heartbeat.state === 'late' ? '!' : '♥'}
                </span>
                <span className="hb-name">{heartbeat.name}</span>
                <span className={`hb-state hb-state-${heartbeat.state}`}>{heartbeat.state}</span>
                <span className="hb-facts">
                  {lastPingText(heartbeat, now)} · {scheduleText(heartbeat)} · {sourceText(heartbeat)}
                  {heartbeat.state === 'missed' && heartbeat.alertNumber !== null
                    ? ` · alert ${heartbeat.alertNumber} (Enter opens it)`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <span className="hint">
          {hasList ? '↑↓ choose · Enter opens a missed one’s alert · Esc closes' : 'Esc closes'}
        </span>
      </div>
    </Dialog>
  );
}
