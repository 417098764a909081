/**
 * The customer's ops room: the transcript (bot lines set apart) and the command input.
 *
 * Only the latest ROOM_TAIL lines are rendered at first. The history grows all shift, and laying all of it out to
 * scroll to the bottom cost start-up and every customer switch (~65 ms for 200 lines on a slow VM), while the
 * operator reads the end. Scrolling to the top brings earlier lines in, ROOM_PAGE at a time, with the view kept
 * where it was.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { can } from '../../../shared/permissions.ts';
import type { RoomMessage, RoomName } from '../../../shared/room.ts';
import { selectActiveCustomer } from '../../state/queue-selectors.ts';
import { useConsoleStore } from '../../state/store.ts';
import { formatClock, formatTime, localClock, zoneName } from '../common/format.ts';
import { RoomInput } from './room-input.tsx';
import { LinkedText } from '../common/linked-text.tsx';
import { EventCardLine } from './event-card-line.tsx';
import { RoomSwitch, useUnseenInOtherRoom } from './room-switch.tsx';

const EMPTY: readonly RoomMessage[] = [];
/** Within this many pixels of the bottom counts as "reading the latest": new lines then scroll into view. */
const STICK_PX = 48;
export const ROOM_TAIL = 60;
export const ROOM_PAGE = 100;

/**
 * The index of the first line to render. Following the end (`firstId` null) that is the last `tail` lines, so old
 * lines drop off the top as new ones come. Once the operator scrolls back, the first line is pinned by id (ids only
 * grow) and nothing above what they are reading moves.
 */
export function firstShownIndex(lines: readonly RoomMessage[], firstId: number | null, tail = ROOM_TAIL): number {
  if (firstId === null) return Math.max(0, lines.length - tail);
  const index = lines.findIndex((line) => line.id >= firstId);
  return index === -1 ? Math.max(0, lines.length - tail) : index;
}

/** Which clock is which, when the customer's zone is not the operator's. */
function ZoneLegend({ timeZone }: { timeZone: string }) {
  const now = new Date().toISOString();
  if (localClock(now, timeZone) === null) return null;
  return (
    <span className="room-zones">
      times {zoneName(now, timeZone)} · <span className="room-local">yours</span>
    </span>
  );
}

/** A `.both` line (and its copy in the other room): chat said in both rooms, stored with the command that said it. */
function saidInBothRooms(message: RoomMessage): boolean {
  return (message.command as { name?: unknown } | null)?.name === 'both';
}

function RoomLine({ message, timeZone }: { message: RoomMessage; timeZone: string | undefined }) {
  const local = localClock(message.createdAt, timeZone);
  const both = saidInBothRooms(message);
  return (
    <li
      className={`room-line room-${message.kind}${message.pending === true ? ' room-pending' : ''}`}
      data-kind={message.kind}
    >
      <span className="room-meta">
        <time
          dateTime={message.createdAt}
          title={`${formatTime(message.createdAt, timeZone)} · ${formatTime(message.createdAt, 'UTC')}`}
        >
          {formatClock(message.createdAt, timeZone)}
        </time>
        {local !== null && (
          <span className="room-local" title="your time">
            {local}
          </span>
        )}
        {message.kind === 'bot' && (
          <span className="room-tag" aria-label="bot">
            BOT
          </span>
        )}
        <span className="room-author">{message.author}</span>
        {both && (
          <span className="room-both-tag" title="said in the customer's room and the internal room (.both)">
            both rooms
          </span>
        )}
        {message.pending === true && (
          <span
            className="room-pending-tag"
            title="COSS is unreachable: sent when it is back, with the time it was typed"
          >
            pending
          </span>
        )}
      </span>
      {message.card !== null && message.card !== undefined ? (
        <EventCardLine message={message} number={message.card.number} />
      ) : (
        <span className={message.command !== null && !both ? 'room-body room-command' : 'room-body'}>
          <LinkedText text={message.body} />
        </span>
      )}
    </li>
  );
}

export function OpsRoom() {
  const customer = useConsoleStore(selectActiveCustomer);
  const all = useConsoleStore((state) =>
    state.activeCustomer !== null ? (state.roomByCustomer[state.activeCustomer] ?? EMPTY) : EMPTY,
  );
  // Only staff have the internal room (COSS never sends its lines to anyone else); the switch is theirs alone.
  const staff = useConsoleStore((state) => state.user !== null && can(state.user.role, 'room.internal'));
  const view = useConsoleStore((state) => state.roomView);
  const shown: RoomName = staff ? view : 'customer';
  const lines = useMemo(() => all.filter((line) => (line.room ?? 'customer') === shown), [all, shown]);
  const unseen = useUnseenInOtherRoom(all, customer?.slug ?? '', shown);
  const list = useRef<HTMLOListElement | null>(null);
  const stick = useRef(true);
  // The pinned first line, for the customer it was pinned in (another customer's room starts at its end again).
  const [pinned, setPinned] = useState<{ customer: string; id: number } | null>(null);
  const firstId = pinned !== null && pinned.customer === customer?.slug ? pinned.id : null;
  const start = firstShownIndex(lines, firstId);
  // scrollHeight before earlier lines were added above, to keep the view where it was
  const heightBefore = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = list.current;
    if (element === null || heightBefore.current === null) return;
    element.scrollTop += element.scrollHeight - heightBefore.current;
    heightBefore.current = null;
  }, [start]);

  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null && stick.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  // Another customer's room, or the other room (or this one again later), opens at its end: reset in the render that
  // shows it.
  const roomKey = `${customer?.slug ?? ''}|${shown}`;
  const [roomOf, setRoomOf] = useState(roomKey);
  if (roomOf !== roomKey) {
    setRoomOf(roomKey);
    setPinned(null);
  }
  useEffect(() => {
    stick.current = true;
  }, [roomKey]);
  const title = shown === 'internal' ? 'Internal room' : 'Ops room';

  return (
    <aside
      className={shown === 'internal' ? 'room room-internal' : 'room'}
      aria-label={`${title}${customer !== null ? ` for ${customer.name}` : ''}`}
    >
      <header className="room-head">
        <h2>{title}</h2>
        <span className="dim">{customer?.name ?? ''}</span>
        {staff && <RoomSwitch shown={shown} unseen={unseen} />}
        {customer !== null && <ZoneLegend timeZone={customer.timeZone} />}
      </header>
      <ol
        className="room-lines"
        ref={list}
        aria-live="polite"
        aria-relevant="additions"
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_PX;
          if (customer === null || start === 0) return;
          if (element.scrollTop < STICK_PX) {
            heightBefore.current = element.scrollHeight;
            setPinned({ customer: customer.slug, id: (lines[Math.max(0, start - ROOM_PAGE)] as RoomMessage).id });
          } else if (!stick.current && firstId === null) {
            setPinned({ customer: customer.slug, id: (lines[start] as RoomMessage).id });
          }
        }}
      >
        {start > 0 && (
          <li className="room-earlier" aria-hidden="true">
            {start} earlier {start === 1 ? 'line' : 'lines'}: scroll up
          </li>
        )}
        {lines.slice(start).map((message) => (
          <RoomLine key={message.id} message={message} timeZone={customer?.timeZone} />
        ))}
      </ol>
      {customer !== null && <RoomInput customer={customer.slug} room={shown} />}
    </aside>
  );
}
