/** `n`: add a note to the alert under the cursor. Enter saves; Shift+Enter starts a new line. */
import { useState } from 'react';
import { addNote } from '../../state/alert-actions.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';

export function NoteDialog({ number }: { number: number }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  async function save(): Promise<void> {
    if (text.trim() === '' || busy) return;
    setBusy(true);
    if (await addNote(number, text.trim())) closeOverlay();
    else setBusy(false);
  }
  return (
    <Dialog title={`Note on ${number}`}>
      <textarea
        data-autofocus
        className="field"
        rows={4}
        maxLength={4000}
        aria-label="Note"
        placeholder="What you saw or did, ticket #…"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            void save();
          }
        }}
      />
      <div className="dialog-actions">
        <span className="hint">Enter saves · Shift+Enter new line · Esc cancels</span>
        <button type="button" className="btn" onClick={closeOverlay}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={text.trim() === '' || busy}
          onClick={() => void save()}
        >
          Add note
        </button>
      </div>
    </Dialog>
  );
}
