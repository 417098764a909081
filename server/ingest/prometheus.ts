/**
 * Prometheus-style alerts → normalized events: the Alertmanager webhook (version 4) and the client API
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

/** The Alertmanager webhook body, version 4. */
export const AlertmanagerWebhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().max(MAX_TEXT),
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

const severityAliases: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  high: 'error',
  error: 'error',
  major: 'error',
  warning: 'warning',
  warn: 'warning',
  minor: 'warning',
  medium: 'warning',
  info: 'info',
  informational: 'info',
  low: 'info',
  none: 'info',
  debug: 'debug',
};

/** Maps a `severity` label to ours; an unknown or missing one is a warning, the safest middle. */
export function severityFromLabel(value: string | undefined): Severity {
  return severityAliases[(value ?? '').toLowerCase()] ?? 'warning';
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
  const instance =
    labels.instance ?? labels.host ?? labels.hostname ?? labels.node ?? labels.pod ?? labels.job ?? 'unknown';
  const host = instance.replace(/:\d+$/, '');
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
