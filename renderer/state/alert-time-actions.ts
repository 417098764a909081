/** Time per person on an alert (Harvest), asked of COSS for the detail. */
import type { AlertTime } from '../../shared/alert-time.ts';
import { currentHost } from './host-binding.ts';

/** COSS's answer, or the host's words for why there is none (COSS away: time is counted when asked). */
export type AlertTimeAnswer = { ok: true; time: AlertTime } | { ok: false; message: string };

export async function loadAlertTime(number: number): Promise<AlertTimeAnswer> {
  const response = await currentHost().invoke('alerts.time', { number });
  return response.ok ? { ok: true, time: response.value } : { ok: false, message: response.error.message };
}
