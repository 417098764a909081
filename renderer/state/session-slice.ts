/** Who is signed in and how the console reaches COSS. */
import type { HostResult } from '../../shared/host/contract.ts';
import type { ConnectionState } from '../../shared/host/connection.ts';

export type SessionUser = NonNullable<HostResult<'session.get'>['user']>;

export interface SessionSlice {
  user: SessionUser | null;
  connection: ConnectionState | null;
  /** false until the first session and customer list have loaded */
  ready: boolean;
  /** why start-up failed, for the empty state */
  startError: string | null;
}

export function initialSession(): SessionSlice {
  return { user: null, connection: null, ready: false, startError: null };
}
