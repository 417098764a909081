/**
 * Customers with their unacknowledged counts by severity, who is on call and which heartbeats went silent; 1–9 switch
 * between them, 0 shows all.
 */
import { useMemo } from 'react';
import type { Severity } from '../../../shared/alert.ts';
import type { Heartbeat } from '../../../shared/heartbeat.ts';
import type { CustomerSummary } from '../../../shared/host/contract.ts';
import { showAllCustomers, switchCustomer } from '../../state/customer-actions.ts';
import { useConsoleStore } from '../../state/store.ts';

const COUNTED: readonly Severity[] = ['critical', 'error', 'warning', 'info'];
const LETTER: Readonly<Record<string, string>> = { critical: 'C', error: 'E', warning: 'W', info: 'I' };

/** 14288 → "14k": a badge must fit the sidebar on the worst night too. */
function compactCount(count: number): string {
  if (count >= 10_000) return `${Math.round(count / 1000)}k`;
  if (count >= 1000) return `${(count / 1000).toFixed(1)}k`;
  return String(count);
}

/** Every customer's unacknowledged counts added up: the all-customers entry's badges. */
function totals(customers: readonly CustomerSummary[]): Pick<CustomerSummary, 'unacknowledged'> {
  const unacknowledged = {
    ...(customers[0]?.unacknowledged ?? { clear: 0, debug: 0, info: 0, warning: 0, error: 0, critical: 0 }),
  };
  for (const customer of customers.slice(1)) {
    for (const severity of Object.keys(unacknowledged) as Severity[])
      unacknowledged[severity] += customer.unacknowledged[severity];
  }
  return { unacknowledged };
}

function Counts({ customer }: { customer: Pick<CustomerSummary, 'unacknowledged'> }) {
  const shown = COUNTED.filter((severity) => customer.unacknowledged[severity] > 0);
  if (shown.length === 0) return <span className="counts counts-quiet">quiet</span>;
  return (
    <span
      className="counts"
      aria-label={
        shown.map((severity) => `${customer.unacknowledged[severity]} ${severity}`).join(', ') + ' unacknowledged'
      }
    >
      {shown.map((severity) => (
        <span key={severity} className={`count count-${severity}`} aria-hidden="true">
          <b>{LETTER[severity]}</b>
          {compactCount(customer.unacknowledged[severity])}
        </span>
      ))}
    </span>
  );
}

/**
 * The customer's missed heartbeats, named under its name, as COSS last listed them (kept while COSS is away: the
 * missed ones are what must not be forgotten; g h says more, while live).
 */
function MissedHeartbeats({ heartbeats }: { heartbeats: readonly Heartbeat[] | undefined }) {
  const missed = (heartbeats ?? [])
    .filter((heartbeat) => heartbeat.missedAt !== null)
    .map((heartbeat) => heartbeat.name);
  if (missed.length === 0) return null;
  return (
    <span className="hb-missed-line" title={`Missed heartbeats: ${missed.join(', ')} (g h lists them)`}>
      {/* Short enough for the sidebar's width; a screen reader hears what the heart stands for. */}
      <span aria-hidden="true">♥ </span>
      <span className="visually-hidden">{missed.length === 1 ? 'heartbeat ' : `${missed.length} heartbeats `}</span>
      missed: {missed.join(', ')}
    </span>
  );
}

export function CustomerSidebar() {
  const customers = useConsoleStore((state) => state.customers);
  const active = useConsoleStore((state) => (state.allCustomers ? null : state.activeCustomer));
  const allCustomers = useConsoleStore((state) => state.allCustomers);
  const user = useConsoleStore((state) => state.user);
  const heartbeats = useConsoleStore((state) => state.heartbeats);
  const total = useMemo(() => totals(customers), [customers]);
  return (
    <nav className="sidebar" aria-label="Customers">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        COSS Console
      </div>
      <ol className="customer-list">
        {customers.length > 1 && (
          <li>
            <button
              type="button"
              className="customer customer-all"
              aria-current={allCustomers ? 'true' : undefined}
              onClick={() => void showAllCustomers()}
              data-slug="*"
            >
              <span className="customer-top">
                <kbd className="customer-key" title="Press 0">
                  0
                </kbd>
                <span className="customer-name">All customers</span>
                <Counts customer={total} />
              </span>
            </button>
          </li>
        )}
        {customers.map((customer, index) => (
          <li key={customer.slug}>
            <button
              type="button"
              className="customer"
              aria-current={customer.slug === active ? 'true' : undefined}
              onClick={() => void switchCustomer(customer.slug)}
              data-slug={customer.slug}
            >
              <span className="customer-top">
                {index < 9 ? (
                  <kbd className="customer-key" title={`Press ${index + 1}`}>
                    {index + 1}
                  </kbd>
                ) : (
                  <span className="customer-key customer-key-none" />
                )}
                <span className="customer-name">{customer.name}</span>
                <Counts customer={customer} />
              </span>
              <MissedHeartbeats heartbeats={heartbeats[customer.slug]} />
              {customer.onCall.length > 0 && (
                <span className="oncall">
                  {customer.onCall.map((entry) => (
                    <span key={entry.target} className="oncall-line" title={`${entry.targetName} (${entry.target})`}>
                      <span className="oncall-people">
                        {entry.people.length > 0 ? entry.people.join(', ') : 'nobody on call'}
                      </span>
                      <span className="oncall-queue">{entry.targetName}</span>
                    </span>
                  ))}
                </span>
              )}
            </button>
          </li>
        ))}
      </ol>
      {user !== null && (
        <div className="whoami" title={`${user.name} (${user.role})`}>
          {user.displayName} · {user.role}
        </div>
      )}
    </nav>
  );
}
