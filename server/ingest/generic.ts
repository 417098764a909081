/**
 * The generic COSS JSON format (docs/ALERTS-API.md): for monitoring tools that are neither Zenoss nor Prometheus.
 * Without a fingerprint, identity follows Zenoss (device|component|eventClass|eventKey|severity).
 */
import { z } from 'zod';
import { SeveritySchema, type NormalizedEvent } from '../../shared/alert.ts';
import { isStorableDate } from '../db/storable.ts';
import { zenossClearKey, zenossFingerprint } from './fingerprint.ts';
import { genericLabels, INGEST_LIMITS } from './limits.ts';

const MAX_TEXT = INGEST_LIMITS.text;
const shortText = z.string().max(INGEST_LIMITS.name);

export const GenericEventSchema = z.object({
  device: shortText.refine((value) => value.trim() !== '', { message: 'must not be empty' }),
  summary: z.string().min(1).max(MAX_TEXT),
  severity: SeveritySchema,
  status: z.enum(['firing', 'resolved']).default('firing'),
  component: shortText.default(''),
  eventClass: shortText.default('/Generic'),
  eventKey: shortText.default(''),
  message: z.string().max(MAX_TEXT).default(''),
  ip: shortText.optional(),
  fingerprint: z.string().min(1).max(512).optional(),
  count: z.number().int().min(1).max(2_147_483_647).default(1),
  occurredAt: z.iso
    .datetime({ offset: true })
    .refine((value) => isStorableDate(new Date(value)), { message: 'year must be between 0001 and 9999' })
    .optional(),
  deviceGroups: z.array(shortText).max(64).default([]),
  systems: z.array(shortText).max(64).default([]),
  location: shortText.optional(),
  labels: genericLabels.default({}),
  externalId: z.string().max(256).optional(),
  url: z.string().max(4096).optional(),
});
export const GenericBodySchema = z.union([
  GenericEventSchema,
  z.array(GenericEventSchema).min(1).max(5000),
  z.object({ events: z.array(GenericEventSchema).min(1).max(5000) }).transform((body) => body.events),
]);
export type GenericEvent = z.infer<typeof GenericEventSchema>;

/** Normalizes one validated generic event. */
export function normalizeGeneric(event: GenericEvent, now: Date): NormalizedEvent {
  const isClear = event.status === 'resolved' || event.severity === 'clear';
  const device = event.device.trim();
  const identity = { device, component: event.component, eventClass: event.eventClass, eventKey: event.eventKey };
  const seen = event.occurredAt ? new Date(event.occurredAt) : now;
  return {
    source: 'generic',
    fingerprint:
      event.fingerprint ?? zenossFingerprint({ ...identity, severity: event.severity, summary: event.summary }),
    clearKey: event.fingerprint ?? zenossClearKey(identity),
    isClear,
    device,
    ip: event.ip ?? null,
    component: event.component,
    eventClass: event.eventClass,
    eventKey: event.eventKey,
    severity: event.severity,
    summary: event.summary,
    message: event.message,
    count: event.count,
    firstSeen: seen,
    lastSeen: seen,
    deviceGroups: event.deviceGroups,
    systems: event.systems,
    location: event.location ?? null,
    labels: event.labels,
    annotations: {},
    externalId: event.externalId ?? null,
    generatorUrl: event.url ?? null,
  };
}
