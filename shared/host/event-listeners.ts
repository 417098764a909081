/** The `on` side of a HostApi: listeners per event name, and what emits to them. One registry for every host. */
import type { HostEventName, HostEventPayload } from './contract.ts';

// Function-typed properties, not methods: hosts hand them on as they are (`on: listeners.on`).
export interface EventListeners {
  on: <N extends HostEventName>(name: N, listener: (payload: HostEventPayload<N>) => void) => () => void;
  emit: <N extends HostEventName>(name: N, payload: HostEventPayload<N>) => void;
}

export function createEventListeners(): EventListeners {
  const listeners = new Map<HostEventName, Set<(payload: never) => void>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) (listener as (value: typeof payload) => void)(payload);
    },
  };
}
