/**
 * The whole bridge between the sandboxed renderer and the main process: `window.cossHost` with `invoke` and `on`,
 * limited to the contract's channel names. The renderer never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { HOST_EVENT_NAMES, HOST_REQUEST_NAMES, IPC_CHANNELS } from '../shared/host/channels.ts';

const requests = new Set<string>(HOST_REQUEST_NAMES);
const events = new Set<string>(HOST_EVENT_NAMES);

contextBridge.exposeInMainWorld('cossHost', {
  invoke(name: string, args: unknown): Promise<unknown> {
    if (!requests.has(name))
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `no channel ${name}` } });
    return ipcRenderer.invoke(IPC_CHANNELS.request, name, args);
  },
  on(name: string, listener: (payload: unknown) => void): () => void {
    if (!events.has(name)) return () => undefined;
    const handler = (_event: IpcRendererEvent, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on(IPC_CHANNELS.event, handler);
    return () => ipcRenderer.removeListener(IPC_CHANNELS.event, handler);
  },
});
