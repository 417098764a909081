/**
 * Prometheus-style alerts → normalized events: the Alertmanager webhook (versions 3 and 4) and the client API
 * (`POST /api/v2/alerts`) carry the same alert shape. Identity is the label set, as in Alertmanager.
 */
import { z } from 'zod';
import type { NormalizedEvent, Severity } from '../../shared/alert.ts';
import { isStorableDate } from '../db/storable.ts';
import { labelSetFingerprint } from './fingerprint.ts';
import { boundedMap, INGEST_LIMITS, prometheusAnnotations, prometheusLabels } from './limits.ts';

const MAX_TEXT = INGEST_LIMITS.text;
const commonLabels = boundedMap({
  what: 'labels',
  maxEntries: INGEST_LIMITS.labels,
  maxValue: INGEST_LIMITS.labelValue,
  prometheusNames: false,
});
const commonAnnotations = boundedMap({
  what: 'annotations',
  maxEntries: INGEST_LIMITS.annotations,
  maxValue: INGEST_LIMITS.annotationText,
  maxTotal: INGEST_LIMITS.annotationText,
  prometheusNames: false,
});
const timestamp = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'expected an RFC 3339 time' })
  .transform((value) => new Date(value))
  .refine(isStorableDate, { message: 'year must be between 0001 and 9999' });

/** One alert as Prometheus posts it to Alertmanager's API. */
export const PostableAlertSchema = z.object({
  labels: prometheusLabels.refine((labels) => Object.keys(labels).length > 0, {
    message: 'at least one label is required',
  }),
  annotations: prometheusAnnotations.optional(),
  startsAt: timestamp.optional(),
  endsAt: timestamp.optional(),
  generatorURL: z.string().max(4096).optional(),
});
export const PostableAlertsSchema = z.array(PostableAlertSchema).max(5000);

/**
 * The Alertmanager webhook body. Version 3 (Alertmanager 0.1–0.5) differs from 4 only in its groupKey, a uint64
 * number where 4 has a string; neither has truncatedAlerts before 0.21 nor alerts' fingerprints before 0.19. Every
 * 4xx is final to Alertmanager (it drops the notification), so all of these are taken; the group key is not used.
 */
export const AlertmanagerWebhookSchema = z.object({
  version: z.enum(['3', '4'], { message: 'expected Alertmanager webhook version "3" or "4"' }),
  // A uint64 passes 2^53, which JSON.parse rounds and zod's int() refuses, so integral is checked by hand.
  groupKey: z.union(
    [
      z.string().max(MAX_TEXT),
      z
        .number()
        .min(0)
        .max(2 ** 64)
        .refine(Number.isInteger),
    ],
    {
      message: 'expected a string (version 4) or a non-negative integer (version 3)',
    },
  ),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(MAX_TEXT),
  // Subsets of every alert's labels and annotations, so the same limits hold; unused, so their names go unchecked.
  groupLabels: commonLabels.optional(),
  commonLabels: commonLabels.optional(),
  commonAnnotations: commonAnnotations.optional(),
  externalURL: z.string().max(4096).optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: prometheusLabels,
        annotations: prometheusAnnotations.optional(),
        startsAt: timestamp.optional(),
        endsAt: timestamp.optional(),
        generatorURL: z.string().max(4096).optional(),
        fingerprint: z.string().max(256).optional(),
      }),
    )
    .max(5000),
});

/**
 * `severity` label values (compared lower-cased) → COSS severity; the table in docs/ALERTS-API.md lists the same,
 * and a unit test holds the two equal. The OSS scale (X.733: critical > major > minor > warning), which many rule
 * sets use, puts `major` right below critical, so it is an error: taken as a warning, a service-affecting alert
 * would sort among the warnings. Syslog's names (`emerg` … `debug`) are taken too.
 */
export const SEVERITY_ALIASES: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  emerg: 'critical',
  alert: 'critical',
  error: 'error',
  err: 'error',
  high: 'error',
  major: 'error',
  warning: 'warning',
  warn: 'warning',
  minor: 'warning',
  medium: 'warning',
  info: 'info',
  informational: 'info',
  notice: 'info',
  low: 'info',
  none: 'info',
  debug: 'debug',
};

/** Maps a `severity` label to ours; an unknown or missing one is a warning, the safest middle. */
export function severityFromLabel(value: string | undefined): Severity {
  return SEVERITY_ALIASES[(value ?? '').toLowerCase()] ?? 'warning';
}

/** The labels that name a machine or target, in the order a device is taken from them. */
const DEVICE_LABELS = ['instance', 'host', 'hostname', 'node', 'pod', 'job'] as const;

/** `text` cut to at most `max` characters with an ellipsis, never between the halves of a surrogate pair. */
function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\udc00-\udfff]/.test(text.charAt(end))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * The device of an alert that has none of DEVICE_LABELS (a cluster-wide or namespace-wide rule): its alertname and
 * the other labels, sorted, `KubeQuotaExceeded{namespace=prod,resource=cpu}`, which tells an operator what is
 * affected where "unknown" told nothing. Severity has its own column and is left out.
 */
function fallbackDevice(labels: Record<string, string>): string {
  const others = Object.keys(labels)
    .filter((name) => name !== 'alertname' && name !== 'severity')
    .sort()
    .map((name) => `${name}=${labels[name]}`);
  const device = `${labels.alertname ?? ''}${others.length > 0 ? `{${others.join(',')}}` : ''}`;
  return device === '' ? 'unknown' : bounded(device, INGEST_LIMITS.name);
}

/** The alert's device: the first of DEVICE_LABELS it has (a trailing :port stripped), else fallbackDevice. */
function deviceOf(labels: Record<string, string>): string {
  for (const name of DEVICE_LABELS) {
    const value = labels[name];
    if (value !== undefined) return value.replace(/:\d+$/, '');
  }
  return fallbackDevice(labels);
}

interface PromAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string> | undefined;
  startsAt?: Date | undefined;
  endsAt?: Date | undefined;
  generatorURL?: string | undefined;
}

/** Normalizes one Prometheus-style alert; `resolved` says whether it clears. */
export function normalizePrometheus(
  alert: PromAlert,
  resolved: boolean,
  source: 'alertmanager' | 'prometheus',
  now: Date,
): NormalizedEvent {
  const labels = alert.labels;
  const annotations = alert.annotations ?? {};
  const fingerprint = labelSetFingerprint(labels);
  const host = deviceOf(labels);
  const alertname = labels.alertname ?? 'Alert';
  const startsAt = alert.startsAt && alert.startsAt.getTime() > 0 ? alert.startsAt : now;
  return {
    source,
    fingerprint,
    clearKey: fingerprint,
    isClear: resolved,
    device: host,
    ip: /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? host : null,
    component: labels.component ?? labels.job ?? '',
    eventClass: `/Prometheus/${alertname}`,
    eventKey: alertname,
    severity: severityFromLabel(labels.severity),
    summary: annotations.summary ?? annotations.description ?? alertname,
    message: annotations.description ?? '',
    count: 1,
    firstSeen: startsAt,
    lastSeen: resolved && alert.endsAt ? alert.endsAt : now,
    deviceGroups: labels.cluster ? [labels.cluster] : [],
    systems: labels.service ? [labels.service] : [],
    location: labels.region ?? labels.datacenter ?? null,
    labels,
    annotations,
    externalId: null,
    generatorUrl: alert.generatorURL ?? null,
  };
}

/** Prometheus marks an alert resolved by sending an endsAt that has passed. */
export function isResolvedAt(alert: PromAlert, now: Date): boolean {
  return alert.endsAt !== undefined && alert.endsAt.getTime() > 0 && alert.endsAt.getTime() <= now.getTime();
}
