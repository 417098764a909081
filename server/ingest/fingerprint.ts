/** Dedup identities: Zenoss's dedupid and Alertmanager's label-set identity. */
import { createHash } from 'node:crypto';
import type { Severity } from '../../shared/alert.ts';

/**
 * Zenoss's dedup id: device|component|eventClass|eventKey|severity, and the summary too when eventKey is blank.
 * Severity is part of it, so a Warning and a Critical of the same check are two events, as in Zenoss.
 */
export function zenossFingerprint(parts: {
  device: string;
  component: string;
  eventClass: string;
  eventKey: string;
  severity: Severity;
  summary: string;
}): string {
  const base = [parts.device, parts.component, parts.eventClass, parts.eventKey, parts.severity];
  if (parts.eventKey === '') base.push(parts.summary);
  return base.join('|');
}

/** What a Zenoss clear matches: the same device, component, event class and event key, any severity. */
export function zenossClearKey(parts: {
  device: string;
  component: string;
  eventClass: string;
  eventKey: string;
}): string {
  return [parts.device, parts.component, parts.eventClass, parts.eventKey].join('|');
}

/** Alertmanager identifies an alert by its whole label set; order of labels does not matter. */
export function labelSetFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return 'ls:' + createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 32);
}
