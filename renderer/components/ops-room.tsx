/** The customer's ops room: the transcript (bot lines set apart) and the command input. */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RoomMessage } from '../../shared/room.ts';
import { selectActiveCustomer } from '../state/queue-selectors.ts';
import { useConsoleStore } from '../state/store.ts';
import { formatTime } from './format.ts';
import { RoomInput } from './room-input.tsx';

const EMPTY: readonly RoomMessage[] = [];
/** Within this many pixels of the bottom counts as "reading the latest": new lines then scroll into view. */
const STICK_PX = 48;

function RoomLine({ message, timeZone }: { message: RoomMessage; timeZone: string | undefined }) {
  return (
    <li className={`room-line room-${message.kind}`} data-kind={message.kind}>
      <span className="room-meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt, timeZone).slice(11, 16)}</time>
        {message.kind === 'bot' && (
          <span className="room-tag" aria-label="bot">
            BOT
          </span>
        )}
        <span className="room-author">{message.author}</span>
      </span>
      <span className={message.body.startsWith('.') ? 'room-body room-command' : 'room-body'}>{message.body}</span>
    </li>
  );
}

export function OpsRoom() {
  const customer = useConsoleStore(selectActiveCustomer);
  const lines = useConsoleStore((state) => (state.activeCustomer !== null ? (state.roomByCustomer[state.activeCustomer] ?? EMPTY) : EMPTY));
  const list = useRef<HTMLOListElement | null>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null && stick.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  useEffect(() => {
    stick.current = true;
  }, [customer?.slug]);

  return (
    <aside className="room" aria-label={`Ops room${customer !== null ? ` for ${customer.name}` : ''}`}>
      <header className="room-head">
        <h2>Ops room</h2>
        <span className="dim">{customer?.name ?? ''}</span>
      </header>
      <ol
        className="room-lines"
        ref={list}
        aria-live="polite"
        aria-relevant="additions"
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_PX;
        }}
      >
        {lines.map((message) => (
          <RoomLine key={message.id} message={message} timeZone={customer?.timeZone} />
        ))}
      </ol>
      {customer !== null && <RoomInput customer={customer.slug} />}
    </aside>
  );
}
