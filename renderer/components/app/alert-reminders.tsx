/** The reminders about criticals nobody has acknowledged: each names its alert; Show focuses it. */
import { useSyncExternalStore } from 'react';
import { keepButtonKeys } from './own-keys.ts';
import { dropReminder, reminders, subscribeReminders } from '../../notify/reminders.ts';
import { focusAlert } from '../../state/focus-alert.ts';

export function AlertReminders() {
  const shown = useSyncExternalStore(subscribeReminders, reminders);
  if (shown.length === 0) return null;
  return (
    <ul className="alert-reminders" role="alert" aria-label="Reminders" onKeyDown={keepButtonKeys}>
      {shown.map((reminder) => (
        <li key={`${reminder.customer}-${reminder.number}`} className="alert-reminder" data-number={reminder.number}>
          <span className="alert-reminder-text">{reminder.text}</span>
          <button
            type="button"
            className="btn"
            onClick={() => {
              focusAlert(reminder.customer, reminder.number);
              dropReminder(reminder.number);
            }}
          >
            Show #{reminder.number}
          </button>
          <button
            type="button"
            className="toast-close"
            aria-label={`Dismiss the reminder about #${reminder.number}`}
            onClick={() => dropReminder(reminder.number)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
