/** The noise view's figures in words: shares as percentages, times open, flapping, what people did, the trend. */
import type { NoiseFamily, NoiseTrend } from '../../../shared/noise.ts';
import { formatDuration } from '../common/format.ts';

/** 0.4123 → "41.2%"; under a tenth of a percent, "<0.1%" rather than a misleading 0. */
export function percent(share: number): string {
  if (share === 0) return '0%';
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;
}

/** The median time open, or a dash when none of the family's alerts was resolved in the period. */
export function medianOpen(family: Pick<NoiseFamily, 'medianOpenSeconds'>): string {
  return family.medianOpenSeconds === null ? '—' : formatDuration(family.medianOpenSeconds * 1000);
}

/** Open/clear cycles per hour, to one decimal. */
export function flaps(family: Pick<NoiseFamily, 'flapsPerHour'>): string {
  return family.flapsPerHour >= 10 ? family.flapsPerHour.toFixed(0) : family.flapsPerHour.toFixed(1);
}

/** What people did with the family's alerts against what cleared with nobody touching it: "3 ack · 1 noted / 1,597". */
export function touched(family: NoiseFamily): string {
  const parts = [
    family.acknowledged > 0 ? `${family.acknowledged.toLocaleString()} ack` : '',
    family.paged > 0 ? `${family.paged.toLocaleString()} paged` : '',
    family.noted > 0 ? `${family.noted.toLocaleString()} noted` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'nobody' : parts.join(' · ');
}

/** The escalation notes a family's newest alert carries, in one short line; "none" when it has none. */
export function notesLine(family: NoiseFamily): string {
  const text = [family.notes.tier, family.notes.device]
    .map((note) => note.trim().split('\n')[0] ?? '')
    .filter((line) => line !== '')
    .join(' / ');
  return text === '' ? 'none' : text;
}

/** The trend in one sentence, for a screen reader and for whoever cannot read the chart's colours. */
export function trendSentence(trend: NoiseTrend): string {
  const first = trend.weeks[0];
  const last = trend.weeks.at(-1);
  if (first === undefined || last === undefined) return 'No weeks with events yet.';
  const weeks = trend.weeks.length;
  return (
    `Over ${weeks} week${weeks === 1 ? '' : 's'}: volume ${first.occurrences.toLocaleString()} → ` +
    `${last.occurrences.toLocaleString()} a week; actionable ${percent(first.actionableShare)} → ` +
    `${percent(last.actionableShare)}; suppressed ${percent(first.suppressedShare)} → ${percent(last.suppressedShare)}.`
  );
}
