/**
 * Serves the host contract over Electron IPC. Only our own renderer frame may call (sender check); arguments are
 * validated by the core's dispatcher against the shared schemas; answers are always `{ ok, … }` data, never throws.
 * Every event to the renderer, the core's and the glue's own (menu, global shortcut), leaves through `send`: typed by
 * the contract and checked against its allowlist.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { HostEventName, HostEventPayload, HostResponse } from '../../shared/host/contract.ts';
import { HOST_EVENT_NAMES, IPC_CHANNELS } from '../../shared/host/channels.ts';
import { wallboardRefusalFor } from '../../shared/host/wallboard.ts';

/** The core as the glue sees it: one dispatcher for requests, one subscription for events. */
export interface HostService {
  dispatch(name: string, args: unknown): Promise<HostResponse<unknown>>;
  subscribe(listener: (name: HostEventName, payload: unknown) => void): () => void;
}

/** The contract served over IPC. */
export interface IpcHost {
  /** Sends a contract event to the renderer. */
  send<N extends HostEventName>(name: N, payload: HostEventPayload<N>): void;
  /** Unwires the handler and the subscription. */
  close(): void;
}

/** The origin our renderer is served from (see app-protocol.ts). */
export const APP_ORIGIN = 'app://console';

function fromOurRenderer(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url === `${APP_ORIGIN}/` || url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * Wires `service` to IPC for `contents`. `readers` (the wallboard's kiosk window) get the core's events too, but
 * not the glue's own (menu commands, the global shortcut's focus), which are the console window's.
 */
export function serveHostOverIpc(
  service: HostService,
  contents: () => WebContents | null,
  readers: () => readonly WebContents[] = () => [],
): IpcHost {
  ipcMain.handle(IPC_CHANNELS.request, async (event, name: unknown, args: unknown) => {
    if (!fromOurRenderer(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'request from an unknown frame' } };
    }
    if (typeof name !== 'string')
      return { ok: false, error: { code: 'unknown_channel', message: 'channel name must be a string' } };
    // A wallboard only reads, whoever sits at the TV's keyboard. Its window is known by its contents, not by the
    // address its page shows, which the page itself could change.
    const refusal = wallboardRefusalFor(name, {
      fromWallboardWindow: readers().some((reader) => !reader.isDestroyed() && reader.id === event.sender.id),
      frameUrl: event.senderFrame?.url ?? '',
    });
    if (refusal !== null) return { ok: false, error: refusal };
    return service.dispatch(name, args);
  });
  const allowed = new Set<string>(HOST_EVENT_NAMES);
  const deliver = (target: WebContents | null, name: HostEventName, payload: unknown): void => {
    if (target && !target.isDestroyed() && allowed.has(name)) target.send(IPC_CHANNELS.event, name, payload);
  };
  const send = (name: HostEventName, payload: unknown): void => deliver(contents(), name, payload);
  const unsubscribe = service.subscribe((name, payload) => {
    send(name, payload);
    for (const reader of readers()) deliver(reader, name, payload);
  });
  return {
    send,
    close() {
      ipcMain.removeHandler(IPC_CHANNELS.request);
      unsubscribe();
    },
  };
}
