/**
 * The detail's line for an alert one of the customer's transforms suppressed: which transform, by number and, once
 * the console knows it, by name (asked of COSS with the customer's transforms when not known yet); and what
 * suppression means for the operator (no notification, `p` refused unless forced), so the alert does not read as one
 * somebody forgot.
 */
import { useEffect } from 'react';
import { useConsoleStore } from '../../state/store.ts';
import { loadTransforms } from '../../state/transform-actions.ts';

export function TransformSuppression({ customer, id }: { customer: string; id: number }) {
  const name = useConsoleStore((state) => state.transformNames[customer]?.[id]);
  const asked = useConsoleStore((state) => state.transformsByCustomer[customer] !== undefined);
  const live = useConsoleStore((state) => state.connection?.status === 'live');

  useEffect(() => {
    if (name === undefined && !asked && live) void loadTransforms(customer);
  }, [customer, name, asked, live]);

  return (
    <>
      <span className="supp-tag" aria-hidden="true">
        SUPP
      </span>{' '}
      Suppressed by transform #{id}
      {name !== undefined ? ` (${name})` : ''}: counted in the noise report, out of the default queue.
      <span className="dim maint-effect">No desktop notifications; p is refused unless forced.</span>
    </>
  );
}
