/**
 * `g t`: the customer's transforms in the order ingest runs them, what each matches and does, on or off. j k (↑↓)
 * choose, d turns the chosen one off or on again (staff; the change is kept in its versions and said in the room),
 * Esc closes. `t` on an alert makes a new one. Shown only while COSS is live.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { actionRefusal } from '../../commands/role-gates.ts';
import { getState, useConsoleStore } from '../../state/store.ts';
import { loadTransforms, setTransformEnabled } from '../../state/transform-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { actionsText, matchText } from './transform-text.ts';

export function TransformList({ customer }: { customer: string }) {
  const customerName = useConsoleStore(
    (state) => state.customers.find((candidate) => candidate.slug === customer)?.name ?? customer,
  );
  const status = useConsoleStore((state) => state.connection?.status);
  const transforms = useConsoleStore((state) => state.transformsByCustomer[customer]);
  const live = status === 'live';
  const [index, setIndex] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const box = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (!live) return;
    let wanted = true;
    void loadTransforms(customer).then((error) => {
      if (wanted && error !== null) setProblem(`COSS did not list the transforms: ${error.message}`);
    });
    return () => {
      wanted = false;
    };
  }, [customer, live]);

  useEffect(() => {
    box.current?.focus();
  }, []);

  const list = transforms ?? [];
  const chosen = list[Math.min(index, list.length - 1)] ?? null;

  function onKey(event: KeyboardEvent<HTMLDivElement>): void {
    const stop = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        stop();
        setIndex((current) => Math.min(current + 1, Math.max(0, list.length - 1)));
        break;
      case 'ArrowUp':
      case 'k':
        stop();
        setIndex((current) => Math.max(current - 1, 0));
        break;
      case 'd': {
        stop();
        if (chosen === null || !live) return;
        const refused = actionRefusal('transforms.manage', getState());
        if (refused !== null) return setProblem(refused);
        setProblem(null);
        void setTransformEnabled(customer, chosen.id, !chosen.enabled).then((answer) => {
          if (!answer.ok) setProblem(answer.error.message);
        });
        break;
      }
    }
  }

  let words: string | null = null;
  if (!live)
    words = `Transforms need COSS live: they run in COSS on every new event, and the console is ${status ?? 'connecting'} now.`;
  else if (transforms === undefined) words = problem ?? 'Asking COSS…';
  else if (list.length === 0)
    words = `${customerName} has no transforms. t on an alert makes one from it (or decide a family noise in a triage session, g T).`;

  return (
    <Dialog title={`Transforms · ${customerName}`} className="dialog-noise">
      <div
        ref={box}
        className="noise-view"
        tabIndex={0}
        onKeyDown={onKey}
        aria-activedescendant={chosen !== null ? `tf-${chosen.id}` : undefined}
      >
        {words !== null && (
          <p className={live ? 'notes-empty' : 'hb-offline'} role={live ? 'status' : 'alert'}>
            {words}
          </p>
        )}
        {live && list.length > 0 && (
          <table className="nz-table" aria-label={`Transforms of ${customerName}, in the order they run`}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Matches</th>
                <th scope="col">Does</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {list.map((transform) => (
                <tr
                  key={transform.id}
                  id={`tf-${transform.id}`}
                  aria-selected={transform === chosen}
                  className={transform === chosen ? 'is-chosen' : undefined}
                  data-transform={transform.id}
                  data-enabled={transform.enabled}
                >
                  <td className="num">{transform.id}</td>
                  <th scope="row">
                    <span className="nz-family">{transform.name}</span>
                  </th>
                  <td>
                    <span className={`nz-class nz-class-${transform.enabled ? 'actionable' : 'unclassified'}`}>
                      {transform.enabled ? 'on' : 'off'}
                    </span>
                  </td>
                  <td title={matchText(transform)}>
                    <span className="nz-notes">{matchText(transform)}</span>
                  </td>
                  <td>{actionsText(transform)}</td>
                  <td className="dim">
                    v{transform.version} · {transform.updatedBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {problem !== null && transforms !== undefined && (
          <p className="tr-problem" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <span className="hint">↑↓ choose · d turns it off or on · t on an alert makes one · Esc closes</span>
      </div>
    </Dialog>
  );
}
