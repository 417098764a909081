/** The host events the core emits (shared/host/contract.ts `HOST_EVENTS`), to every host that subscribed. */
import type { HostEventName, HostEventPayload } from '../../shared/host/contract.ts';

export type HostEventListener = <N extends HostEventName>(name: N, payload: HostEventPayload<N>) => void;

/** Fans an event out to the subscribed hosts (Electron's IPC, the web host's sockets, tests). */
export class HostEventBus {
  private readonly listeners = new Set<HostEventListener>();

  /** Subscribes; returns the unsubscribe function. */
  on(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<N extends HostEventName>(name: N, payload: HostEventPayload<N>): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}
