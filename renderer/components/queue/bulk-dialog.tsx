/** Acknowledge or resolve the marked alerts together, with one note or ticket number for all of them. */
import { useState } from 'react';
import { acknowledgeAlerts, resolveAlerts } from '../../state/alert-actions.ts';
import type { BulkAction } from '../../state/ui-slice.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';

export function BulkDialog({ action, numbers }: { action: BulkAction; numbers: readonly number[] }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const verb = action === 'acknowledge' ? 'Acknowledge' : 'Resolve';
  async function confirm(): Promise<void> {
    if (busy) return;
    setBusy(true);
    const ok = await (action === 'acknowledge' ? acknowledgeAlerts(numbers, note) : resolveAlerts(numbers, note));
    if (ok) closeOverlay();
    else setBusy(false);
  }
  const preview = numbers.slice(0, 12).join(', ') + (numbers.length > 12 ? ` and ${numbers.length - 12} more` : '');
  return (
    <Dialog title={`${verb} ${numbers.length} alert${numbers.length === 1 ? '' : 's'}`}>
      <p className="dialog-text">{preview}</p>
      <input
        data-autofocus
        className="field"
        type="text"
        maxLength={4000}
        aria-label="Note or ticket number for all of them (optional)"
        placeholder="Note or ticket # for all of them (optional)"
        value={note}
        onChange={(event) => setNote(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void confirm();
          }
        }}
      />
      <div className="dialog-actions">
        <span className="hint">Enter {verb.toLowerCase()}s all · Esc cancels</span>
        <button type="button" className="btn" onClick={closeOverlay}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void confirm()}>
          {verb} {numbers.length}
        </button>
      </div>
    </Dialog>
  );
}
