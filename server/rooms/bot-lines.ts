/** The bot's words, as the NOC has read them for years; the seed transcript is the specification. */

/** "2012-Nov-4 06:01AM PST": the room's time zone, 12-hour clock with zero-padded hour, zone abbreviation. */
export function formatRoomTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: true,
    timeZoneName: 'short',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}${part('dayPeriod').toUpperCase()} ${part('timeZoneName')}`;
}

/** After Events API v2 accepted the trigger. */
export function pageSentLine(requester: string, dedupKey: string, targetName: string): string {
  return `${requester}, I've successfully sent event ${dedupKey} to ${targetName} via PagerDuty.`;
}

/** PagerDuty refused the page for good (a 400, or retries exhausted). */
export function pageFailedLine(requester: string, dedupKey: string, targetName: string, reason: string): string {
  return `${requester}, I could not send event ${dedupKey} to ${targetName} via PagerDuty: ${reason}`;
}

/** The bot's report of a change PagerDuty did not take (`what`: acknowledge, resolve, escalate, note, …). */
export function operationFailedLine(
  actor: string,
  what: string,
  page: { dedup_key: string; target_name: string } | null,
  reason: string,
): string {
  const about = page ? ` for ${page.dedup_key} (${page.target_name})` : '';
  return `${actor}, PagerDuty did not take the ${what}${about}: ${reason}`;
}

/** What PagerDuty reported, e.g. "acknowledged by Romel Emperado". */
export function incidentReportLine(
  requester: string,
  dedupKey: string,
  targetName: string,
  what: string,
  at: Date,
  timeZone: string,
): string {
  return `${requester}, PagerDuty is reporting that incident ${dedupKey} (for ${targetName}) was ${what} on ${formatRoomTime(at, timeZone)}.`;
}

/**
 * The incidents an action went to, each named once with the targets that hold it: "coss_102-10000 (COSS oncall
 * macro – Systems, Acme on call)". Pages of one alert share its dedup key, so the key alone would repeat.
 */
export function incidentList(pages: ReadonlyArray<{ dedup_key: string; target_name: string }>): string {
  const targetsByKey = new Map<string, string[]>();
  for (const page of pages) {
    const targets = targetsByKey.get(page.dedup_key) ?? [];
    if (!targets.includes(page.target_name)) targets.push(page.target_name);
    targetsByKey.set(page.dedup_key, targets);
  }
  return [...targetsByKey].map(([key, targets]) => `${key} (${targets.join(', ')})`).join(', ');
}
