/**
 * Time per person on the alert (Harvest timers and logs), asked of COSS when the detail shows the alert and again
 * whenever the alert changes (an acknowledgement starts a timer, a resolve stops them). COSS counts a running timer
 * when asked, so while it is away the panel says so rather than show an old figure.
 */
import { useEffect, useState } from 'react';
import { loadAlertTime, type AlertTimeAnswer } from '../../state/alert-time-actions.ts';

function hoursAndMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0 ? `${hours} h ${String(rest).padStart(2, '0')} min` : `${rest} min`;
}

export function TimePanel({ number, updatedAt }: { number: number; updatedAt: string }) {
  const [answer, setAnswer] = useState<{ number: number; answer: AlertTimeAnswer } | null>(null);
  useEffect(() => {
    let current = true;
    void loadAlertTime(number).then((loaded) => {
      // An answer about an alert the detail has left, or an older change of it, is dropped.
      if (current) setAnswer({ number, answer: loaded });
    });
    return () => {
      current = false;
    };
  }, [number, updatedAt]);

  const shown = answer !== null && answer.number === number ? answer.answer : null;
  if (shown === null) return <p className="notes-empty">Loading…</p>;
  if (!shown.ok) return <p className="notes-empty">{shown.message}</p>;
  const { time } = shown;
  if (time.people.length === 0)
    return (
      <p className="notes-empty">
        {time.harvest
          ? 'No time on this alert yet: acknowledging starts your timer, .time log adds time.'
          : 'Harvest is not configured on this COSS: no time is tracked.'}
      </p>
    );
  return (
    <table className="pd-table time-table">
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Time</th>
          <th scope="col">Hours</th>
        </tr>
      </thead>
      <tbody>
        {time.people.map((person) => (
          <tr key={person.person}>
            <td>{person.person}</td>
            <td className={person.running ? 'time-running' : undefined}>
              {hoursAndMinutes(person.minutes)}
              {person.running ? ' · running' : ''}
            </td>
            <td>{person.hours.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
