/** Each customer's heartbeats as COSS last listed them: the `g h` view shows them and the sidebar marks missed ones. */
import type { Heartbeat } from '../../shared/heartbeat.ts';

export interface HeartbeatsSlice {
  /** by customer slug; a customer not asked yet (or never while live) has no entry */
  heartbeats: Readonly<Record<string, readonly Heartbeat[]>>;
}

export function initialHeartbeats(): HeartbeatsSlice {
  return { heartbeats: {} };
}
