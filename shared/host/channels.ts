/**
 * The channel names alone, with no schemas: what the sandboxed preload needs for its allowlist without bundling zod.
 * A unit test keeps these lists equal to the contract's.
 */

/**
 * The two Electron IPC channels the whole contract travels on: requests (`invoke`, name and arguments) and events
 * (`send`, name and payload). Only the preload and main/electron/ipc-host.ts use them; everything else goes through
 * those two, so no event reaches the renderer past the allowlist below.
 */
export const IPC_CHANNELS = { request: 'coss:request', event: 'coss:event' } as const;

export const HOST_REQUEST_NAMES = [
  'session.get',
  'customers.list',
  'alerts.list',
  'alerts.get',
  'alerts.acknowledge',
  'alerts.resolve',
  'alerts.note',
  'alerts.escalate',
  'alerts.resolveLater',
  'alerts.undoResolve',
  'alerts.reopen',
  'alerts.reassign',
  'alerts.ticket',
  'alerts.time',
  'page.send',
  'maintenance.list',
  'maintenance.create',
  'maintenance.update',
  'maintenance.end',
  'heartbeats.list',
  'noise.report',
  'noise.trend',
  'transforms.list',
  'transforms.preview',
  'transforms.create',
  'transforms.setEnabled',
  'triage.current',
  'triage.start',
  'triage.decide',
  'triage.preview',
  'triage.end',
  'room.list',
  'room.send',
  'targets.list',
  'notes.search',
  'settings.get',
  'settings.set',
  'app.openExternal',
  'connection.usePreferred',
] as const;

export const HOST_EVENT_NAMES = [
  'connection.changed',
  'alerts.changed',
  'customers.changed',
  'room.message',
  'room.settled',
  'alerts.heldSettled',
  'alerts.focus',
  'menu.command',
  'heartbeats.changed',
  'notice',
] as const;
