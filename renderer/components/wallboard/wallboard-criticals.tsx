/**
 * The newest open criticals, newest at the top: how long ago each opened (ticking), whose and what, and who
 * acknowledged it, or UNACKNOWLEDGED in the critical colour. As many as fit whole; the rest are counted.
 */
import { useConsoleStore } from '../../state/store.ts';
import { selectCriticals } from '../../state/wallboard-selectors.ts';
import { LiveAge } from '../app/live-age.tsx';
import { useRowsThatFit } from './use-rows-that-fit.ts';

/** A row's height in rem (wallboard.css `.wb-critical` says the same). */
const ROW_REM = 2.8;

export function WallboardCriticals() {
  const criticals = useConsoleStore(selectCriticals);
  const customers = useConsoleStore((state) => state.customers);
  const [box, fit] = useRowsThatFit<HTMLOListElement>(ROW_REM);
  // One row's place goes to the "more" line when they do not all fit.
  const shownCount = criticals.length > fit ? Math.max(0, fit - 1) : criticals.length;
  const nameOf = (slug: string) => customers.find((customer) => customer.slug === slug)?.name ?? slug;
  return (
    <section className="wb-panel wb-criticals" aria-label="Newest criticals">
      <h2>
        Newest criticals <span className="wb-h-note">{criticals.length} open</span>
      </h2>
      <ol className="wb-critical-list" ref={box}>
        {criticals.length === 0 && <li className="wb-none">No open criticals</li>}
        {criticals.slice(0, shownCount).map((alert) => (
          <li
            key={alert.number}
            className={alert.status === 'open' ? 'wb-critical wb-unacked-row' : 'wb-critical'}
            data-number={alert.number}
          >
            <span className="wb-age" data-first-seen={alert.firstSeen}>
              <LiveAge since={alert.firstSeen} />
            </span>
            <span className="wb-what">
              <span className="wb-line1">
                <span className="wb-customer">{nameOf(alert.customer)}</span>
                <span className="wb-device">{alert.device}</span>
                <span className="wb-number">#{alert.number}</span>
              </span>
              <span className="wb-summary">{alert.summary}</span>
            </span>
            <span className="wb-ack">
              {alert.status === 'acknowledged' ? (
                <>
                  <span className="wb-ack-label">ack</span> {alert.acknowledgedBy ?? 'by someone'}
                </>
              ) : (
                <strong className="wb-ack-none">UNACKNOWLEDGED</strong>
              )}
            </span>
          </li>
        ))}
        {shownCount < criticals.length && (
          <li className="wb-more">
            + {criticals.length - shownCount} older critical{criticals.length - shownCount === 1 ? '' : 's'}
          </li>
        )}
      </ol>
    </section>
  );
}
