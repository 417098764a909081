/**
 * Serves the host contract over Electron IPC. Only our own renderer frame may call (sender check); arguments are
 * validated by the core's dispatcher against the shared schemas; answers are always `{ ok, … }` data, never throws.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { HostEventName, HostResponse } from '../../shared/host/contract.ts';
import { HOST_EVENT_NAMES } from '../../shared/host/channels.ts';

/** The core as the glue sees it: one dispatcher for requests, one subscription for events. */
export interface HostService {
  dispatch(name: string, args: unknown): Promise<HostResponse<unknown>>;
  subscribe(listener: (name: HostEventName, payload: unknown) => void): () => void;
}

/** The origin our renderer is served from (see app-protocol.ts). */
export const APP_ORIGIN = 'app://console';

function fromOurRenderer(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url === `${APP_ORIGIN}/` || url.startsWith(`${APP_ORIGIN}/`);
}

/** Wires `service` to IPC for `contents`; returns a function that unwires it. */
export function serveHostOverIpc(service: HostService, contents: () => WebContents | null): () => void {
  ipcMain.handle('coss:request', async (event, name: unknown, args: unknown) => {
    if (!fromOurRenderer(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'request from an unknown frame' } };
    }
    if (typeof name !== 'string') return { ok: false, error: { code: 'unknown_channel', message: 'channel name must be a string' } };
    return service.dispatch(name, args);
  });
  const allowed = new Set<string>(HOST_EVENT_NAMES);
  const unsubscribe = service.subscribe((name, payload) => {
    const target = contents();
    if (target && !target.isDestroyed() && allowed.has(name)) target.send('coss:event', name, payload);
  });
  return () => {
    ipcMain.removeHandler('coss:request');
    unsubscribe();
  };
}
