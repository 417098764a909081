/**
 * Heartbeats: the missed and late ones by name, large and red (a silent monitor is an outage nobody is alerted
 * to), the rest counted. States are kept true between COSS's answers with the same rule COSS uses; while COSS is
 * away the panel says these are the last it told.
 */
import { heartbeatStateAt, type Heartbeat } from '../../../shared/heartbeat.ts';
import { useConsoleStore } from '../../state/store.ts';
import { LiveAge } from '../app/live-age.tsx';
import { useNow } from '../common/use-now.ts';

const SHOWN = 6;

export function WallboardHeartbeats() {
  const byCustomer = useConsoleStore((state) => state.heartbeats);
  const customers = useConsoleStore((state) => state.customers);
  const live = useConsoleStore((state) => state.connection?.status === 'live');
  const now = useNow();
  const nameOf = (slug: string) => customers.find((customer) => customer.slug === slug)?.name ?? slug;
  const known = Object.keys(byCustomer).length > 0;
  const all: Heartbeat[] = Object.values(byCustomer).flat();
  const states = all.map((heartbeat) => ({ heartbeat, state: heartbeatStateAt(heartbeat, now) }));
  const silent = states.filter(({ state }) => state === 'missed' || state === 'late');
  const up = states.filter(({ state }) => state === 'up').length;
  const waiting = states.filter(({ state }) => state === 'waiting').length;
  return (
    <section className="wb-panel wb-heartbeats" aria-label="Heartbeats">
      <h2>
        Heartbeats{' '}
        <span className="wb-h-note">
          {known ? `${up} up${waiting > 0 ? ` · ${waiting} waiting` : ''}` : ''}
          {known && !live ? ' · last known' : ''}
        </span>
      </h2>
      {!known && <p className="wb-unavailable">heartbeats: not known yet (COSS must be live to say)</p>}
      {known && silent.length === 0 && <p className="wb-ok">none missed</p>}
      <ul className="wb-list">
        {silent.slice(0, SHOWN).map(({ heartbeat, state }) => (
          <li
            key={`${heartbeat.customer}/${heartbeat.name}`}
            className={`wb-heartbeat wb-hb-${state}`}
            data-state={state}
          >
            <span className="wb-hb-state">{state === 'missed' ? 'MISSED' : 'LATE'}</span>
            <span className="wb-hb-name">
              {nameOf(heartbeat.customer)} · {heartbeat.name}
            </span>
            <span className="wb-hb-age">
              <LiveAge since={heartbeat.missedAt ?? heartbeat.dueAt} />
            </span>
          </li>
        ))}
        {silent.length > SHOWN && <li className="wb-more">+ {silent.length - SHOWN} more silent</li>}
      </ul>
    </section>
  );
}
