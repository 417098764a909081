/**
 * The room's command line. Completes command words, paging targets and event numbers as the operator types
 * (shared/commands completeCommand): Tab or Enter takes the highlighted candidate, Enter sends otherwise.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  applyCompletion,
  completeCommand,
  type CompletionContext,
  type CompletionResult,
} from '../../../shared/commands/complete.ts';
import { customerAlert, openEventNumbers, selectQueue, type QueueRows } from '../../state/queue-selectors.ts';
import { sendRoomLine } from '../../state/room-actions.ts';
import type { RoomName } from '../../../shared/room.ts';
import { getState, useConsoleStore } from '../../state/store.ts';
import type { PagingTargetView } from '../../state/room-slice.ts';
import { usableCompletions, userMayPage } from '../../commands/role-gates.ts';

const NO_TARGETS: readonly PagingTargetView[] = [];
const MAX_SHOWN = 8;
const MAX_EVENTS = 200;

/** Targets, and the open event numbers worked out only if the line is at an event number. */
function completionContext(targets: readonly PagingTargetView[], rows: QueueRows | null): CompletionContext {
  let numbers: readonly number[] | null = null;
  return {
    targets: targets.map((target) => target.path),
    get eventNumbers() {
      numbers ??= openEventNumbers(rows ?? selectQueue(getState()).rows, MAX_EVENTS);
      return numbers;
    },
  };
}

/** `room`: which of the customer's rooms the line goes to (the one the room pane shows). */
export function RoomInput({ customer, room }: { customer: string; room: RoomName }) {
  // The queue matters here only while an event number is being completed: subscribing to it all the time re-rendered
  // this input on every stream frame (and React rewrites an input's attributes on each render).
  const [completingEvent, setCompletingEvent] = useState(false);
  const rows = useConsoleStore((state) => (completingEvent ? selectQueue(state).rows : null));
  const allTargets = useConsoleStore((state) => state.targetsByCustomer[customer] ?? NO_TARGETS);
  const user = useConsoleStore((state) => state.user);
  // Completion offers only what this role may use: a customer user's own queues, no staff-only command words.
  const targets = useMemo(
    () => allTargets.filter((target) => userMayPage({ user }, target, customer)),
    [allTargets, user, customer],
  );
  const focusRequest = useConsoleStore((state) => state.focusRequest);
  const [line, setLine] = useState('');
  const [cursor, setCursor] = useState(0);
  const [highlight, setHighlight] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const [sending, setSending] = useState(false);
  const [history, setHistory] = useState<string[]>([]);
  const [historyIndex, setHistoryIndex] = useState(-1);
  const input = useRef<HTMLInputElement | null>(null);

  const context = useMemo(() => completionContext(targets, rows), [targets, rows]);
  const completion: CompletionResult = useMemo(
    () => usableCompletions(completeCommand(line, cursor, context), { user }),
    [line, cursor, context, user],
  );
  if ((completion.kind === 'event') !== completingEvent) setCompletingEvent(completion.kind === 'event');
  const shown = dismissed ? [] : completion.candidates.slice(0, MAX_SHOWN);
  // A candidate equal to what is already typed adds nothing; Enter should then send.
  const exact = shown.length === 1 && shown[0]?.value === line.slice(completion.from, completion.to);
  const open = shown.length > 0 && !exact;

  useEffect(() => {
    if (focusRequest.target === 'room') input.current?.focus();
  }, [focusRequest]);

  // New candidates start at the first one, from the render that shows them.
  const candidatesFor = `${completion.kind}|${completion.from}|${line}`;
  const [highlightFor, setHighlightFor] = useState(candidatesFor);
  if (highlightFor !== candidatesFor) {
    setHighlightFor(candidatesFor);
    setHighlight(0);
  }

  function take(index: number): void {
    const candidate = shown[index];
    if (candidate === undefined) return;
    const next = applyCompletion(line, completion, candidate);
    // A finished command word is followed by a space, so typing its arguments can go straight on.
    const suffix = completion.kind === 'command' && next.line[next.cursor] !== ' ' ? ' ' : '';
    const text = next.line.slice(0, next.cursor) + suffix + next.line.slice(next.cursor);
    const at = next.cursor + suffix.length;
    // The field and its caret change now, not on a later frame: an operator who types on at once after Tab must
    // have the keys land after the completion (".ack 32962", never ".ack 29623").
    const field = input.current;
    if (field) {
      field.value = text;
      field.setSelectionRange(at, at);
    }
    setLine(text);
    setCursor(at);
  }

  async function send(): Promise<void> {
    const body = line.trim();
    if (body === '' || sending) return;
    setSending(true);
    const ok = await sendRoomLine(customer, body, room);
    setSending(false);
    if (ok) {
      setHistory((past) => [body, ...past].slice(0, 50));
      setHistoryIndex(-1);
      setLine('');
      setCursor(0);
    }
  }

  function recall(index: number): void {
    const text = index < 0 ? '' : (history[index] ?? '');
    setHistoryIndex(index);
    setLine(text);
    setCursor(text.length);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      setHighlight((current) => (current + delta + shown.length) % shown.length);
      event.preventDefault();
    } else if (open && (event.key === 'Tab' || event.key === 'Enter')) {
      take(highlight);
      event.preventDefault();
    } else if (open && event.key === 'Escape') {
      setDismissed(true);
      // Esc closes the list first; the next Esc leaves the field.
      event.stopPropagation();
      event.preventDefault();
    } else if (event.key === 'Enter') {
      void send();
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && history.length > 0 && (line === '' || historyIndex >= 0)) {
      recall(Math.min(history.length - 1, historyIndex + 1));
      event.preventDefault();
    } else if (event.key === 'ArrowDown' && historyIndex >= 0) {
      recall(historyIndex - 1);
      event.preventDefault();
    }
  }

  /** For an event-number candidate: which alert it is, so the operator picks by device, not by digits. */
  function eventDetail(value: string): string | undefined {
    if (completion.kind !== 'event') return undefined;
    const number = Number(/\d+$/.exec(value)?.[0]);
    const alert = customerAlert(getState(), customer, number);
    return alert !== undefined ? `${alert.severity} · ${alert.device} · ${alert.summary}` : undefined;
  }

  const listId = `room-complete-${customer}`;
  return (
    <div className="room-input">
      {open && (
        <ul className="completions" id={listId} role="listbox" aria-label={`${completion.kind} suggestions`}>
          {shown.map((candidate, index) => (
            <li
              key={candidate.value}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === highlight}
              className={index === highlight ? 'is-active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                take(index);
              }}
            >
              <span className="completion-label">{candidate.label}</span>
              {(candidate.detail ?? eventDetail(candidate.value)) !== undefined && (
                <span className="completion-detail">{candidate.detail ?? eventDetail(candidate.value)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <input
        ref={input}
        type="text"
        className="room-field"
        aria-label={`Message or command for the ${room === 'internal' ? 'internal room (staff only)' : 'ops room'}`}
        placeholder={room === 'internal' ? 'Staff only: message or .command   (g r)' : 'Message or .command   (g r)'}
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${highlight}` : undefined}
        value={line}
        readOnly={sending}
        onChange={(event) => {
          setLine(event.target.value);
          setCursor(event.target.selectionStart ?? event.target.value.length);
          setDismissed(false);
          setHistoryIndex(-1);
        }}
        onSelect={(event) => setCursor(event.currentTarget.selectionStart ?? 0)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
