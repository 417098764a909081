/**
 * Every customer's open alerts by severity. The big number is how many nobody has acknowledged, in the severity's
 * colour when there are any; the small one how many are open in all. A customer with an unacknowledged critical is
 * marked along its whole row, so it is seen before it is read.
 */
import { useConsoleStore } from '../../state/store.ts';
import { BOARD_SEVERITIES, selectCustomerCounts, type CustomerCounts } from '../../state/wallboard-selectors.ts';

const HEADINGS = { critical: 'Critical', error: 'Error', warning: 'Warning', info: 'Info' } as const;

function CountCell({ counts, severity }: { counts: CustomerCounts | undefined; severity: keyof typeof HEADINGS }) {
  const unacknowledged = counts?.unacknowledged[severity] ?? 0;
  const open = counts?.open[severity] ?? 0;
  return (
    <td
      className={unacknowledged > 0 ? `wb-count wb-unacked wb-sev-${severity}` : 'wb-count'}
      data-severity={severity}
      data-unacknowledged={unacknowledged}
      data-open={open}
    >
      <span className="wb-count-unacked">{unacknowledged}</span>
      <span className="wb-count-open">/{open}</span>
    </td>
  );
}

export function WallboardCustomers() {
  const customers = useConsoleStore((state) => state.customers);
  const counts = useConsoleStore(selectCustomerCounts);
  return (
    <section className="wb-panel wb-customers" aria-label="Customers">
      <h2>
        Customers <span className="wb-h-note">unacknowledged / open</span>
      </h2>
      <table className={customers.length > 10 ? 'wb-table wb-dense' : 'wb-table'}>
        <thead>
          <tr>
            <th className="wb-name">Customer</th>
            {BOARD_SEVERITIES.map((severity) => (
              <th key={severity} className={`wb-sev-${severity}`}>
                {HEADINGS[severity]}
              </th>
            ))}
            <th>All open</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => {
            const own = counts.get(customer.slug);
            return (
              <tr
                key={customer.slug}
                data-slug={customer.slug}
                className={(own?.unacknowledged.critical ?? 0) > 0 ? 'wb-row-critical' : undefined}
              >
                <td className="wb-name" title={customer.name}>
                  {customer.name}
                </td>
                {BOARD_SEVERITIES.map((severity) => (
                  <CountCell key={severity} counts={own} severity={severity} />
                ))}
                <td className="wb-count wb-total" data-open={own?.total ?? 0}>
                  {own?.total ?? 0}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
