/** Each customer's ops room transcript and the paging targets its commands may name. */
import type { HostResult } from '../../shared/host/contract.ts';
import type { RoomMessage } from '../../shared/room.ts';

export type PagingTargetView = HostResult<'targets.list'>[number];

export interface RoomSlice {
  roomByCustomer: Readonly<Record<string, readonly RoomMessage[]>>;
  targetsByCustomer: Readonly<Record<string, readonly PagingTargetView[]>>;
}

export function initialRoom(): RoomSlice {
  return { roomByCustomer: {}, targetsByCustomer: {} };
}
