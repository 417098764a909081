/**
 * Maintenance windows in force now, each with its customer, reason and when it ends, so the floor knows which
 * silence is planned. Windows are COSS's to list; while it is away the last list is shown and says so.
 */
import type { MaintenanceWindow } from '../../../shared/maintenance.ts';
import { useConsoleStore } from '../../state/store.ts';
import { useWallboardStore } from '../../state/wallboard-store.ts';
import { formatClock } from '../common/format.ts';
import { useNow } from '../common/use-now.ts';

const SHOWN = 5;

function inForce(window: MaintenanceWindow, now: number): boolean {
  if (window.state !== 'active') return false;
  return window.activeUntil === null || Date.parse(window.activeUntil) > now;
}

export function WallboardMaintenance() {
  const byCustomer = useWallboardStore((state) => state.windows);
  const error = useWallboardStore((state) => state.windowsError);
  const customers = useConsoleStore((state) => state.customers);
  const now = useNow();
  const active = customers.flatMap((customer) =>
    (byCustomer[customer.slug]?.windows ?? [])
      .filter((window) => inForce(window, now))
      .map((window) => ({ window, customer })),
  );
  const known = Object.keys(byCustomer).length > 0;
  return (
    <section className="wb-panel wb-maintenance" aria-label="Maintenance">
      <h2>
        Maintenance <span className="wb-h-note">{known ? `${active.length} in force` : ''}</span>
      </h2>
      {!known && <p className="wb-unavailable">maintenance: not known yet{error !== null ? ` (${error})` : ''}</p>}
      {known && error !== null && <p className="wb-unavailable">last known list: {error}</p>}
      {known && active.length === 0 && <p className="wb-ok">none in force</p>}
      <ul className="wb-list">
        {active.slice(0, SHOWN).map(({ window, customer }) => (
          <li key={window.id} className="wb-window" data-window={window.id}>
            <span className="wb-window-who">{customer.name}</span>
            <span className="wb-window-reason">{window.reason}</span>
            <span className="wb-window-until">
              {window.activeUntil !== null ? `until ${formatClock(window.activeUntil)}` : 'no end set'}
            </span>
          </li>
        ))}
        {active.length > SHOWN && <li className="wb-more">+ {active.length - SHOWN} more windows</li>}
      </ul>
    </section>
  );
}
