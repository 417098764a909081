/**
 * `R`: hand the cursor's alert's PagerDuty incident to another paging target (a person's path such as casc/romel,
 * or a team's escalation policy), as `.reassign <event#> <target>` does in the room. Keyboard first, like `p`.
 */
import { useMemo, useState } from 'react';
import type { AlertView } from '../../../shared/host/contract.ts';
import { userMayPage } from '../../commands/role-gates.ts';
import { reassignAlert } from '../../state/resolve-undo-actions.ts';
import type { PagingTargetView } from '../../state/room-slice.ts';
import { getState, useConsoleStore, type ConsoleState } from '../../state/store.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { TargetList } from './target-list.tsx';

const NO_TARGETS: readonly PagingTargetView[] = [];

function findAlert(state: ConsoleState, number: number): AlertView | null {
  for (const alerts of Object.values(state.alertsByCustomer)) {
    const alert = alerts.get(number);
    if (alert !== undefined) return alert;
  }
  return null;
}

export function ReassignDialog({ number }: { number: number }) {
  const alert = useMemo(() => findAlert(getState(), number), [number]);
  const customer = alert?.customer ?? null;
  const allTargets = useConsoleStore((state) =>
    customer !== null ? (state.targetsByCustomer[customer] ?? NO_TARGETS) : NO_TARGETS,
  );
  const user = useConsoleStore((state) => state.user);
  // Where the incident is now is no place to reassign it to.
  const current = useMemo(() => new Set(alert?.pages.map((page) => page.target) ?? []), [alert]);
  const targets = useMemo(
    () =>
      customer === null
        ? NO_TARGETS
        : allTargets.filter((candidate) => !current.has(candidate.path) && userMayPage({ user }, candidate, customer)),
    [allTargets, current, customer, user],
  );
  const [target, setTarget] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = targets.length > 0 ? (target !== '' ? target : (targets[0]?.path ?? '')) : typed.trim();

  async function send(): Promise<void> {
    if (chosen === '' || busy) return;
    setBusy(true);
    if (await reassignAlert(number, chosen)) closeOverlay();
    else setBusy(false);
  }

  if (alert !== null && alert.pages.length === 0) {
    return (
      <Dialog title={`Reassign ${number}`}>
        <p className="dialog-text">
          {number} was not paged, so PagerDuty has no incident to reassign. Page someone about it first (p).
        </p>
        <div className="dialog-actions">
          <span className="hint">Esc closes</span>
          <button type="button" className="btn" data-autofocus onClick={closeOverlay}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  const now = alert?.pages.map((page) => `${page.targetName} (${page.dedupKey})`).join(', ') ?? '';
  return (
    <Dialog title={`Reassign ${number}'s PagerDuty incident`}>
      <form
        className="page-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        {now !== '' && <p className="dialog-text">Now with {now}.</p>}
        <label className="field-label" htmlFor="reassign-target">
          To
        </label>
        {targets.length > 0 ? (
          <TargetList
            id="reassign-target"
            targets={targets}
            chosen={chosen}
            onChoose={setTarget}
            onSend={() => void send()}
          />
        ) : (
          <input
            id="reassign-target"
            data-autofocus
            className="field"
            placeholder="casc/romel"
            maxLength={200}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
        )}
        <div className="dialog-actions">
          <span className="hint">↑↓ target · Enter reassigns · Esc cancels</span>
          <button type="button" className="btn" onClick={closeOverlay}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={chosen === '' || busy}>
            Reassign
          </button>
        </div>
      </form>
    </Dialog>
  );
}
