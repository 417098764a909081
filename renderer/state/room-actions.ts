/** The ops room: sending a line (chat or a command) and taking in new lines. */
import type { RoomMessage, RoomName } from '../../shared/room.ts';
import { currentHost } from './host-binding.ts';
import { setState } from './store.ts';
import { toastError, toastOutcome } from './ui-actions.ts';

/** Sends a line to one of the customer's rooms; true when the host took it. Chat simply posted needs no toast. */
export async function sendRoomLine(customer: string, body: string, room: RoomName = 'customer'): Promise<boolean> {
  const response = await currentHost().invoke(
    'room.send',
    room === 'internal' ? { customer, body, room } : { customer, body },
  );
  if (!response.ok) {
    toastError('Sending to the room', response.error);
    return false;
  }
  if (response.value.status !== 'done') toastOutcome(response.value);
  return true;
}

/** Appends a line to its room, once: the same message may arrive by event and by a reload. */
export function appendRoomMessage(message: RoomMessage): void {
  setState((state) => {
    const lines = state.roomByCustomer[message.customer];
    if (lines === undefined) return {};
    if (lines.some((line) => line.id === message.id)) return {};
    return { roomByCustomer: { ...state.roomByCustomer, [message.customer]: [...lines, message] } };
  });
}

/** Drops the console's pending copy of a line typed offline: COSS has the line now (it arrives as its own message). */
export function dropPendingLine(customer: string, id: number): void {
  setState((state) => {
    const lines = state.roomByCustomer[customer];
    if (lines === undefined || !lines.some((line) => line.id === id)) return {};
    return { roomByCustomer: { ...state.roomByCustomer, [customer]: lines.filter((line) => line.id !== id) } };
  });
}

/** Switches the room pane between the customer's room and the staff-only internal room (`g i`). */
export function switchRoomView(): void {
  setState((state) => ({ roomView: state.roomView === 'internal' ? 'customer' : 'internal' }));
}
