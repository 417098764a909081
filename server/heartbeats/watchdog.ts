/**
 * Alertmanager's always-firing Watchdog alert as a heartbeat (the dead man's switch): alerts that match the
 * configured matcher (`COSS_WATCHDOG_MATCHER`, default `alertname="Watchdog"`) are not stored as alerts; each firing
 * one pings the customer's watchdog heartbeat, so a Prometheus pipeline that dies is noticed by its silence.
 */
import type { NormalizedEvent } from '../../shared/alert.ts';

export interface LabelEquality {
  label: string;
  value: string;
  negated: boolean;
}

const PAIR = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * Parses `{alertname="Watchdog", severity!="none"}` (braces optional): equality and inequality of exact values, the
 * part of Prometheus's matcher syntax a dead man's switch needs. Throws naming the part it cannot read.
 */
export function parseWatchdogMatcher(text: string): LabelEquality[] {
  const inner = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  const parts = inner.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter((part) => part.trim() !== '');
  if (parts.length === 0) throw new Error('the Watchdog matcher is empty; expected e.g. alertname="Watchdog"');
  return parts.map((part) => {
    const match = PAIR.exec(part);
    if (!match)
      throw new Error(`the Watchdog matcher cannot read ${JSON.stringify(part.trim())}; expected label="value"`);
    const [, label = '', operator, value = ''] = match;
    return { label, value: value.replace(/\\(.)/g, '$1'), negated: operator === '!=' };
  });
}

/** Whether `event` is a Watchdog alert: from Alertmanager or Prometheus, with labels matching every part. */
export function isWatchdog(event: NormalizedEvent, matcher: readonly LabelEquality[]): boolean {
  if (event.source !== 'alertmanager' && event.source !== 'prometheus') return false;
  return matcher.every(({ label, value, negated }) => ((event.labels[label] ?? '') === value) !== negated);
}
