/**
 * An alert's card in the room (server/rooms/event-card.ts posts it when the alert opens): the card's text, with the
 * alert's state now from the store above it (severity, status, who acknowledged it), so a card read an hour later
 * does not say "critical, open" about an alert long acknowledged. The number selects the alert (a button: Tab to it,
 * Enter).
 */
import type { AlertView } from '../../../shared/host/contract.ts';
import type { RoomMessage } from '../../../shared/room.ts';
import { openAlertFromNotes } from '../../state/notes-actions.ts';
import { customerAlert } from '../../state/queue-selectors.ts';
import { useConsoleStore } from '../../state/store.ts';
import { LinkedText } from '../common/linked-text.tsx';
import { SeverityBadge } from '../common/severity-badge.tsx';

/** The alert's state in words, as the queue's status column says it. */
function stateText(alert: AlertView | undefined): string {
  if (alert === undefined) return 'no longer in this console (resolved?)';
  if (alert.status === 'acknowledged') return `acknowledged by ${alert.acknowledgedBy ?? 'someone'}`;
  return alert.status;
}

export function EventCardLine({ message, number }: { message: RoomMessage; number: number }) {
  const alert = useConsoleStore((state) => customerAlert(state, message.customer, number));
  // The card's first line names the event; the head above shows the number, live.
  const body = message.body.startsWith(`Event ${number}\n`)
    ? message.body.slice(`Event ${number}\n`.length)
    : message.body;
  return (
    <div className="room-card" data-card={number} data-status={alert?.status ?? 'gone'}>
      <div className="room-card-head">
        {alert !== undefined && <SeverityBadge severity={alert.severity} />}
        <button
          type="button"
          className="room-card-number"
          title={`Select alert ${number} in the queue (Enter)`}
          onClick={() => void openAlertFromNotes(message.customer, number)}
          onKeyDown={(event) => {
            // Enter here selects this card's alert; the queue's own Enter (open the cursor alert) must not run too.
            if (event.key !== 'Enter') return;
            event.preventDefault();
            event.stopPropagation();
            void openAlertFromNotes(message.customer, number);
          }}
        >
          {number}
        </button>
        <span className="room-card-state">{stateText(alert)}</span>
      </div>
      <span className="room-body room-card-body">
        <LinkedText text={body} />
      </span>
    </div>
  );
}
