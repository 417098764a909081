/**
 * The head's room switch for staff: which of the customer's two rooms is shown (`g i` switches), and how many lines
 * came into the other one since it was last looked at, so a line in the room not shown is not missed.
 */
import { useState } from 'react';
import type { RoomMessage, RoomName } from '../../../shared/room.ts';

/** The newest line id of `room` among `lines` (COSS's own lines: the console's pending ones are below zero). */
function newestId(lines: readonly RoomMessage[], room: RoomName): number {
  let newest = 0;
  for (const line of lines) if ((line.room ?? 'customer') === room && line.id > newest) newest = line.id;
  return newest;
}

/**
 * How many lines of the room not shown arrived after it was last shown (or, never shown here, after this customer's
 * room pane first showed).
 */
export function useUnseenInOtherRoom(lines: readonly RoomMessage[], customer: string, shown: RoomName): number {
  const other: RoomName = shown === 'internal' ? 'customer' : 'internal';
  const [seen, setSeen] = useState<Readonly<Record<string, number>>>({});
  const shownKey = `${customer}|${shown}`;
  const otherKey = `${customer}|${other}`;
  const shownNewest = newestId(lines, shown);
  const otherNewest = newestId(lines, other);
  // What is shown is seen; the other room's mark is set the first time (its history is not news). Adjusted in the
  // render that shows it, as React's state derived from props is.
  const since = seen[otherKey] ?? otherNewest;
  if (seen[shownKey] !== shownNewest || seen[otherKey] !== since)
    setSeen({ ...seen, [shownKey]: shownNewest, [otherKey]: since });
  let unseen = 0;
  for (const line of lines) if ((line.room ?? 'customer') === other && line.id > since) unseen += 1;
  return unseen;
}

export function RoomSwitch({ shown, unseen }: { shown: RoomName; unseen: number }) {
  const side = (room: RoomName) => (
    <span className={shown === room ? 'is-active' : undefined} aria-current={shown === room}>
      {room}
      {shown !== room && unseen > 0 && (
        <span className="room-unseen" aria-label={`${unseen} new in the ${room} room`}>
          {unseen}
        </span>
      )}
    </span>
  );
  return (
    <span className="room-switch" title="g i switches rooms">
      {side('customer')}
      {side('internal')}
      <kbd>g i</kbd>
    </span>
  );
}
