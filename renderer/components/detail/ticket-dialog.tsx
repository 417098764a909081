/**
 * `z`: ask for a Zendesk ticket about the alert under the cursor, as `.ticket <priority> <event#> <subject>` does in
 * the room. The priority starts from the severity, the subject from the summary: at 3 a.m. Enter is all it takes.
 */
import { useMemo, useState } from 'react';
import { TICKET_PRIORITIES, type TicketPriority } from '../../../shared/ticket.ts';
import { findAlert } from '../../state/queue-selectors.ts';
import { getState } from '../../state/store.ts';
import { defaultTicketPriority, requestTicket } from '../../state/ticket-actions.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';

/** The subject COSS keeps at most (server/rooms/commands/ticket-command.ts). */
const MAX_SUBJECT = 250;

export function TicketDialog({ number }: { number: number }) {
  const alert = useMemo(() => findAlert(getState(), number) ?? null, [number]);
  const [priority, setPriority] = useState<TicketPriority>(() =>
    alert !== null ? defaultTicketPriority(alert.severity) : 'normal',
  );
  const [subject, setSubject] = useState(() =>
    (alert?.summary ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_SUBJECT),
  );
  const [busy, setBusy] = useState(false);
  const canSend = subject.trim() !== '' && !busy;
  const earlier = alert?.tickets ?? [];

  async function send(): Promise<void> {
    if (!canSend) return;
    setBusy(true);
    if (await requestTicket(number, priority, subject.trim())) closeOverlay();
    else setBusy(false);
  }

  return (
    <Dialog title={`Zendesk ticket about ${number}`}>
      <form
        className="page-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        {earlier.length > 0 && (
          <p className="dialog-text">
            Already asked:{' '}
            {earlier.map((ticket) => (ticket.id !== null ? `#${ticket.id}` : ticket.externalId)).join(', ')}. Another
            ticket is made as {number}&apos;s next one.
          </p>
        )}
        <label className="field-label" htmlFor="ticket-subject">
          Subject
        </label>
        <input
          id="ticket-subject"
          data-autofocus
          className="field"
          maxLength={MAX_SUBJECT}
          value={subject}
          onChange={(event) => setSubject(event.target.value)}
        />
        <fieldset className="priorities ticket-priorities">
          <legend className="field-label">Priority</legend>
          {TICKET_PRIORITIES.map((value) => (
            <label key={value} className={`priority ticket-priority-${value}`}>
              <input
                type="radio"
                name="ticket-priority"
                value={value}
                checked={priority === value}
                onChange={() => setPriority(value)}
              />
              <span className="priority-name">{value}</span>
            </label>
          ))}
        </fieldset>
        <div className="dialog-actions">
          <span className="hint">Enter asks Zendesk · Tab, ←→ priority · Esc cancels</span>
          <button type="button" className="btn" onClick={closeOverlay}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!canSend}>
            Ask for a {priority} ticket
          </button>
        </div>
      </form>
    </Dialog>
  );
}
