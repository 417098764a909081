/**
 * The reminders on screen: a critical left unacknowledged past its customer's minutes is named in a banner until
 * someone acknowledges it or the operator dismisses it. Kept here, outside the store, since nothing else reads it.
 */
export interface Reminder {
  customer: string;
  number: number;
  text: string;
}

let current: readonly Reminder[] = [];
const listeners = new Set<() => void>();

function set(next: readonly Reminder[]): void {
  current = next;
  for (const listener of listeners) listener();
}

export function reminders(): readonly Reminder[] {
  return current;
}

export function subscribeReminders(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows (or refreshes) the reminder about one alert. */
export function showReminder(reminder: Reminder): void {
  set([...current.filter((shown) => shown.number !== reminder.number), reminder]);
}

export function dropReminder(number: number): void {
  if (current.some((shown) => shown.number === number)) set(current.filter((shown) => shown.number !== number));
}
