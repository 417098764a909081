/**
 * `O`: open a resolved alert again. Resolved alerts leave the queue, so the dialog asks for the event number,
 * offering the one under the cursor (shown with f r) or the last this console resolved.
 */
import { useState } from 'react';
import { reopenAlert } from '../../state/resolve-undo-actions.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';

export function ReopenDialog({ number }: { number: number | null }) {
  const [typed, setTyped] = useState(number !== null ? String(number) : '');
  const [busy, setBusy] = useState(false);
  const chosen = /^#?\d{1,15}$/.test(typed.trim()) ? Number(typed.trim().replace('#', '')) : null;

  async function send(): Promise<void> {
    if (chosen === null || chosen < 1 || busy) return;
    setBusy(true);
    if (await reopenAlert(chosen)) closeOverlay();
    else setBusy(false);
  }

  return (
    <Dialog title="Reopen a resolved alert">
      <form
        className="page-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label className="field-label" htmlFor="reopen-number">
          Event number
        </label>
        <input
          id="reopen-number"
          data-autofocus
          className="field"
          inputMode="numeric"
          placeholder="32962"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onFocus={(event) => event.target.select()}
        />
        <p className="dialog-text">
          It opens again in COSS. PagerDuty cannot reopen its incident: page again (p) if someone must look.
        </p>
        <div className="dialog-actions">
          <span className="hint">Enter reopens · Esc cancels</span>
          <button type="button" className="btn" onClick={closeOverlay}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={chosen === null || busy}>
            Reopen
          </button>
        </div>
      </form>
    </Dialog>
  );
}
