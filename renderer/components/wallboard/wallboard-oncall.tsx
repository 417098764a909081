/**
 * Who is on call: each paging target once (several customers share the NOC's queues), with its people. The console
 * knows on-call from COSS's `GET /customers/{slug}/oncall`, which needs PagerDuty's REST token on COSS; customers it
 * named no one for are listed with the reason the console was given (no paging target, or COSS's or PagerDuty's
 * words) rather than left out, so an empty panel is never mistaken for "nobody is on call".
 */
import type { CustomerSummary } from '../../../shared/host/contract.ts';
import { useConsoleStore } from '../../state/store.ts';

type TargetLine = CustomerSummary['onCall'][number];

/**
 * The customers the console knows no one on call for, by the reason it was given: one line per reason, so a
 * deployment where PagerDuty is not configured says so once, not once per customer.
 */
function byTarget(customers: readonly CustomerSummary[]): {
  targets: TargetLine[];
  unknown: Array<[why: string, names: string[]]>;
} {
  const targets = new Map<string, TargetLine>();
  const unknown = new Map<string, string[]>();
  for (const customer of customers) {
    if (customer.onCall.length === 0) {
      const why = customer.onCallProblem ?? 'COSS has not named anyone yet';
      unknown.set(why, [...(unknown.get(why) ?? []), customer.name]);
    }
    for (const entry of customer.onCall)
      if (!targets.has(entry.target)) targets.set(entry.target, { ...entry, people: [...entry.people] });
  }
  return { targets: [...targets.values()], unknown: [...unknown.entries()] };
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
              {line.people.length > 0 ? line.people.join(', ') : (line.problem ?? 'nobody on call')}
            </span>
            <span className="wb-target">{line.targetName}</span>
          </li>
        ))}
      </ul>
      {unknown.length > 0 && (
        <ul className="wb-unavailable" data-unavailable={unknown.length}>
          {unknown.map(([why, names]) => (
            <li key={why}>
              on-call not available for {names.join(', ')}: {why}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
