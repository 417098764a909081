/**
 * Who is on call: each paging target once (several customers share the NOC's queues), with its people. The console
 * knows on-call from COSS's `GET /customers/{slug}/oncall`, which needs PagerDuty's REST token on COSS; customers it
 * named no one for are listed with that reason rather than left out, so an empty panel is never mistaken for
 * "nobody is on call".
 */
import type { CustomerSummary } from '../../../shared/host/contract.ts';
import { useConsoleStore } from '../../state/store.ts';

interface TargetLine {
  target: string;
  targetName: string;
  people: string[];
}

function byTarget(customers: readonly CustomerSummary[]): { targets: TargetLine[]; unknown: string[] } {
  const targets = new Map<string, TargetLine>();
  const unknown: string[] = [];
  for (const customer of customers) {
    if (customer.onCall.length === 0) unknown.push(customer.name);
    for (const entry of customer.onCall)
      if (!targets.has(entry.target)) targets.set(entry.target, { ...entry, people: [...entry.people] });
  }
  return { targets: [...targets.values()], unknown };
}

export function WallboardOnCall() {
  const customers = useConsoleStore((state) => state.customers);
  const { targets, unknown } = byTarget(customers);
  return (
    <section className="wb-panel wb-oncall" aria-label="On call">
      <h2>On call</h2>
      <ul className="wb-list">
        {targets.map((line) => (
          <li key={line.target} className="wb-oncall-line" data-target={line.target}>
            <span className={line.people.length > 0 ? 'wb-people' : 'wb-people wb-nobody'}>
              {line.people.length > 0 ? line.people.join(', ') : 'nobody on call'}
            </span>
            <span className="wb-target">{line.targetName}</span>
          </li>
        ))}
      </ul>
      {unknown.length > 0 && (
        <p className="wb-unavailable" data-unavailable={unknown.length}>
          on-call: not available for {unknown.join(', ')}: COSS named nobody (it needs PagerDuty&apos;s REST token, and
          the customer a paging target)
        </p>
      )}
    </section>
  );
}
