/** Reading and saving the console's settings (the Settings dialog). The host validates; its errors come back as data. */
import type { HostArgs, HostError, HostResult } from '../../shared/host/contract.ts';
import { setNotificationPolicy } from '../notify/notices.ts';
import { currentHost } from './host-binding.ts';

export type ConsoleSettings = HostResult<'settings.get'>;
export type SettingsChange = HostArgs<'settings.set'>;

/** What a load or save answers: the settings as the host now holds them, or the host's error. */
export type SettingsResult = { ok: true; settings: ConsoleSettings } | { ok: false; error: HostError };

/** The settings as the host holds them. */
export async function loadSettings(): Promise<SettingsResult> {
  const response = await currentHost().invoke('settings.get', {});
  if (response.ok) setNotificationPolicy(response.value.notifications);
  return response.ok ? { ok: true, settings: response.value } : { ok: false, error: response.error };
}

/** Saves a change; fields left out stay as they are. A token of '' removes the stored token. */
export async function saveSettings(change: SettingsChange): Promise<SettingsResult> {
  const response = await currentHost().invoke('settings.set', change);
  if (response.ok) setNotificationPolicy(response.value.notifications);
  return response.ok ? { ok: true, settings: response.value } : { ok: false, error: response.error };
}
