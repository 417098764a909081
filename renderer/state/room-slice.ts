/** Each customer's ops room transcript and the paging targets its commands may name. */
import type { HostResult } from '../../shared/host/contract.ts';
import type { RoomMessage, RoomName } from '../../shared/room.ts';

export type PagingTargetView = HostResult<'targets.list'>[number];

export interface RoomSlice {
  /** both rooms' lines of each customer (staff hold the internal room's too), each marked with its `room` */
  roomByCustomer: Readonly<Record<string, readonly RoomMessage[]>>;
  targetsByCustomer: Readonly<Record<string, readonly PagingTargetView[]>>;
  /** which room the room pane shows and types into: the customer's, or the staff-only internal one (g i) */
  roomView: RoomName;
}

export function initialRoom(): RoomSlice {
  return { roomByCustomer: {}, targetsByCustomer: {}, roomView: 'customer' };
}
