/**
 * `g m`: the customer's maintenance windows as COSS lists them, to extend or end one from the keyboard. ↑↓ (or j k)
 * choose, `e` extends by a duration typed in, `x` ends the window after Enter confirms it, `m` makes a new one, Esc
 * steps back and then closes. The list is asked of COSS again after each change, so it shows what COSS holds. The
 * footer offers only the keys that apply to the window chosen and the signed-in role; the others say why they do
 * nothing (an ended window, a customer user) rather than being refused by COSS after Enter.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MaintenanceWindow } from '../../../shared/maintenance.ts';
import { actionRefusal } from '../../commands/role-gates.ts';
import { endWindow, extendWindow, listWindows } from '../../state/maintenance-actions.ts';
import { useConsoleStore } from '../../state/store.ts';
import { openOverlay, pushToast } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { scopeText, windowWhen } from './window-text.ts';

type Step = { kind: 'browse' } | { kind: 'extend'; id: number; by: string } | { kind: 'end'; id: number };

/**
 * The footer's keys for the window chosen: extend and end only on one that has not ended, and none of the three
 * changes for a role that may not make them (COSS would refuse; the keys say why instead).
 */
function listHint(chosen: MaintenanceWindow | null, mayManage: boolean): string {
  const keys = ['↑↓ choose'];
  if (mayManage && chosen !== null && chosen.state !== 'ended') keys.push('e extend', 'x end');
  if (mayManage) keys.push('m new window');
  keys.push('Esc closes');
  return keys.join(' · ');
}

/** What a step's own keys (Esc included) are: they must not reach the console's keys behind the dialog. */
function stopHere(event: KeyboardEvent): void {
  event.preventDefault();
  event.stopPropagation();
}

export function MaintenanceList({ customer }: { customer: string }) {
  const found = useConsoleStore((state) => state.customers.find((candidate) => candidate.slug === customer));
  const customerName = found?.name ?? customer;
  const timeZone = found?.timeZone;
  const [windows, setWindows] = useState<MaintenanceWindow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // Why the key just pressed did nothing (an ended window, a role that may not): said where the operator looks.
  const [notice, setNotice] = useState<string | null>(null);
  const manageRefusal = useConsoleStore((state) => actionRefusal('maintenance.manage', state));
  const [index, setIndex] = useState(0);
  const [step, setStep] = useState<Step>({ kind: 'browse' });
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLUListElement | null>(null);
  const extendInput = useRef<HTMLInputElement | null>(null);

  // Bumped after each change: the list is asked of COSS again.
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let current = true;
    void listWindows(customer).then((result) => {
      if (!current) return;
      if (result.ok) {
        setWindows(result.windows);
        setIndex((chosen) => Math.min(chosen, Math.max(0, result.windows.length - 1)));
      } else setFailure(`COSS did not list the windows: ${result.error.message}`);
    });
    return () => {
      current = false;
    };
  }, [customer, asked]);

  // The list arrives after the dialog opened: focus goes to it then, and back to it after an extension.
  const loaded = windows !== null;
  useEffect(() => {
    if (step.kind === 'extend') extendInput.current?.focus();
    else if (loaded) list.current?.focus();
  }, [step.kind, loaded]);

  const chosen = windows?.[index] ?? null;

  async function extend(id: number, by: string): Promise<void> {
    if (busy) return;
    setBusy(true);
    const result = await extendWindow(customer, id, by.trim());
    setBusy(false);
    if (!result.ok) {
      setFailure(`COSS did not extend window ${id}: ${result.error.message}`);
      return;
    }
    setFailure(null);
    pushToast('done', `Maintenance window ${id} extended by ${by.trim()}: ${windowWhen(result.window, timeZone)}.`);
    setStep({ kind: 'browse' });
    setAsked((count) => count + 1);
  }

  async function end(id: number): Promise<void> {
    if (busy) return;
    setBusy(true);
    const result = await endWindow(customer, id);
    setBusy(false);
    setStep({ kind: 'browse' });
    if (!result.ok) {
      setFailure(`COSS did not end window ${id}: ${result.error.message}`);
      return;
    }
    setFailure(null);
    pushToast('done', `Maintenance window ${id} ended: the alerts it covered are normal again.`);
    setAsked((count) => count + 1);
  }

  function onListKey(event: KeyboardEvent<HTMLUListElement>): void {
    if (step.kind === 'end') {
      if (event.key === 'Enter') {
        stopHere(event);
        void end(step.id);
      } else if (event.key === 'Escape') {
        stopHere(event);
        setStep({ kind: 'browse' });
      }
      return;
    }
    const count = windows?.length ?? 0;
    /** Why a change to the chosen window cannot be made, or null when it can. */
    const unchangeable = (): string | null => {
      if (manageRefusal !== null) return manageRefusal;
      if (chosen === null) return null;
      return chosen.state === 'ended' ? `Window ${chosen.id} has ended: there is nothing to extend or end.` : null;
    };
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        stopHere(event);
        setNotice(null);
        setIndex((current) => Math.min(current + 1, Math.max(0, count - 1)));
        break;
      case 'ArrowUp':
      case 'k':
        stopHere(event);
        setNotice(null);
        setIndex((current) => Math.max(current - 1, 0));
        break;
      case 'e':
      case 'x':
      case 'Delete': {
        stopHere(event);
        const why = unchangeable();
        setNotice(why);
        if (why !== null || chosen === null) break;
        setStep(event.key === 'e' ? { kind: 'extend', id: chosen.id, by: '1h' } : { kind: 'end', id: chosen.id });
        break;
      }
      case 'm':
        stopHere(event);
        setNotice(manageRefusal);
        if (manageRefusal === null) openOverlay({ kind: 'maintenance', customer, seed: {} });
        break;
    }
  }

  return (
    <Dialog title={`Maintenance windows · ${customerName}`} className="dialog-wide">
      {windows === null && failure === null && <p className="notes-empty">Asking COSS…</p>}
      {windows !== null && windows.length === 0 && (
        <p className="notes-empty">
          {customerName} has no maintenance windows.{manageRefusal === null ? ' m makes one.' : ''}
        </p>
      )}
      {windows !== null && windows.length > 0 && (
        <ul
          ref={list}
          className="maint-list"
          role="listbox"
          aria-label={`Maintenance windows of ${customerName}`}
          aria-activedescendant={chosen !== null ? `maint-window-${chosen.id}` : undefined}
          tabIndex={0}
          data-autofocus
          onKeyDown={onListKey}
        >
          {windows.map((window, position) => (
            <li
              key={window.id}
              id={`maint-window-${window.id}`}
              role="option"
              aria-selected={position === index}
              data-window={window.id}
              data-state={window.state}
            >
              <span className="maint-id">{window.id}</span>{' '}
              <span className={`maint-state-${window.state}`}>{window.state}</span> · {scopeText(window.scope)} ·{' '}
              {window.reason} · {windowWhen(window, timeZone)}
              <span className="dim">
                {' '}
                · by {window.createdBy}
                {window.ticket !== null ? ` · ${window.ticket}` : ''}
                {window.recurrence !== null
                  ? ` · weekly ${window.recurrence.days.join(', ')} ${window.recurrence.start}–${window.recurrence.end}`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {step.kind === 'extend' && (
        <form
          className="maint-step"
          onSubmit={(event) => {
            event.preventDefault();
            void extend(step.id, step.by);
          }}
        >
          <label className="field-label" htmlFor="maint-extend">
            Extend window {step.id} by
          </label>
          <input
            id="maint-extend"
            ref={extendInput}
            className="field"
            value={step.by}
            maxLength={32}
            spellCheck={false}
            onChange={(event) => setStep({ ...step, by: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                stopHere(event);
                setStep({ kind: 'browse' });
              }
            }}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Extend
          </button>
        </form>
      )}
      {step.kind === 'end' && (
        <p className="maint-error" role="alert">
          End window {step.id} now? Its alerts become normal and the open ones notify once. Enter ends it · Esc keeps
          it.
        </p>
      )}
      {notice !== null && (
        <p className="maint-notice" role="status">
          {notice}
        </p>
      )}
      {failure !== null && (
        <p className="maint-error" role="alert">
          {failure}
        </p>
      )}
      <div className="dialog-actions">
        <span className="hint">{listHint(chosen, manageRefusal === null)}</span>
      </div>
    </Dialog>
  );
}
