/**
 * Zenoss events → normalized events. Accepts what a Zenoss notification command posts and what the evconsole JSON
 * API returns: device/component/eventClass as strings or {text, uid}; times as epoch seconds, epoch milliseconds,
 * Zenoss's "YYYY/MM/DD HH:MM:SS" or ISO-8601; severity as 0–5 or its name.
 */
import { z } from 'zod';
import { severityFromZenoss, type NormalizedEvent, type Severity } from '../../shared/alert.ts';
import { isStorableDate } from '../db/storable.ts';
import { zenossClearKey, zenossFingerprint } from './fingerprint.ts';
import { prodStateNumber } from '../../shared/prod-state.ts';
import { INGEST_LIMITS } from './limits.ts';
import { eventStateEffect, zenossEventState } from './zenoss-event-state.ts';

const MAX_TEXT = INGEST_LIMITS.text;
const name = z.string().max(INGEST_LIMITS.name);

const textOrRef = z.union([
  name,
  z.object({ text: name, uid: z.string().max(MAX_TEXT).optional() }).transform((ref) => ref.text),
]);

const severityNames: Record<string, number> = { clear: 0, debug: 1, info: 2, warning: 3, error: 4, critical: 5 };

const zenossSeverity = z.union([
  z.number().int().min(0).max(5),
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => /^[0-5]$/.test(value) || value in severityNames, {
      message: 'expected 0-5 or clear, debug, info, warning, error, critical',
    })
    .transform((value) => (/^[0-5]$/.test(value) ? Number(value) : (severityNames[value] ?? 0))),
]);

/** Epoch seconds (Zenoss's JSON API), epoch ms, Zenoss's own string form, or ISO-8601. */
export const zenossTime = z.union([z.number(), z.string().max(64)]).transform((value, context) => {
  const date = parseZenossTime(value);
  if (date === null) {
    context.addIssue({ code: 'custom', message: 'expected epoch seconds, "YYYY/MM/DD HH:MM:SS" or ISO-8601' });
    return z.NEVER;
  }
  return date;
});

function parseZenossTime(value: number | string): Date | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    // Values past 1e11 are milliseconds (that many seconds is the year 5138).
    const date = new Date(value > 1e11 ? value : value * 1000);
    return isStorableDate(date) ? date : null;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return parseZenossTime(Number(trimmed));
  const zenoss = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(trimmed);
  const iso = zenoss
    ? `${zenoss[1]}-${zenoss[2]}-${zenoss[3]}T${zenoss[4]}:${zenoss[5]}:${zenoss[6]}${zenoss[7] ?? ''}Z`
    : trimmed;
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const date = new Date(iso);
  return isStorableDate(date) ? date : null;
}

/** Zenoss organizer lists arrive as arrays of names, arrays of {name, uid}, or "|/A|/B" strings. */
const organizerList = z
  .union([
    // The "|/A|/B" form holds up to 256 paths.
    z.string().max(256 * (INGEST_LIMITS.name + 1)),
    z.array(z.union([name, z.object({ name }).transform((o) => o.name)])).max(256),
  ])
  .transform((value) =>
    (typeof value === 'string' ? value.split('|') : value).map((path) => path.trim()).filter((path) => path !== ''),
  )
  .refine((paths) => paths.length <= 256 && paths.every((path) => path.length <= INGEST_LIMITS.name), {
    message: `at most 256 paths of at most ${INGEST_LIMITS.name} characters`,
  });

const location = z
  .union([
    name,
    z.object({ name }).transform((o) => o.name),
    z
      .array(z.object({ name }))
      .max(16)
      .transform((list) => list[0]?.name ?? ''),
  ])
  .transform((value) => (value.trim() === '' ? null : value.trim()));

/** One Zenoss event with Zenoss's own field names; unknown fields are allowed and ignored. */
export const ZenossEventSchema = z.object({
  evid: z.string().max(256).optional(),
  device: textOrRef.refine((value) => value.trim() !== '', { message: 'must not be empty' }),
  ipAddress: z.union([z.string().max(256), z.array(z.string().max(256)).max(16)]).nullish(),
  component: textOrRef.nullish(),
  eventClass: textOrRef.nullish(),
  eventKey: name.nullish(),
  severity: zenossSeverity,
  summary: z.string().max(MAX_TEXT),
  message: z.string().max(MAX_TEXT).nullish(),
  count: z
    .union([
      z.number().int().min(1).max(2_147_483_647),
      z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    ])
    .nullish(),
  firstTime: zenossTime.nullish(),
  lastTime: zenossTime.nullish(),
  prodState: z.union([z.number(), z.string().max(64)]).nullish(),
  eventState: zenossEventState.nullish(),
  ownerid: z.string().max(INGEST_LIMITS.name).nullish(),
  DeviceGroups: organizerList.nullish(),
  Systems: organizerList.nullish(),
  Location: location.nullish(),
});

export const ZenossBodySchema = z.union([ZenossEventSchema, z.array(ZenossEventSchema).min(1).max(5000)]);
export type ZenossEvent = z.infer<typeof ZenossEventSchema>;

/** Normalizes one validated Zenoss event. */
export function normalizeZenoss(event: ZenossEvent, now: Date): NormalizedEvent {
  const severity: Severity = severityFromZenoss(event.severity);
  const device = event.device.trim();
  const component = (event.component ?? '').trim();
  const eventClass = (event.eventClass ?? '/Unknown').trim() || '/Unknown';
  const eventKey = (event.eventKey ?? '').trim();
  const summary = event.summary.trim();
  const lastSeen = event.lastTime ?? now;
  const ip = Array.isArray(event.ipAddress) ? (event.ipAddress[0] ?? null) : (event.ipAddress ?? null);
  const state = eventStateEffect(event.eventState, event.ownerid);
  // Zenoss closes a clear event as it arrives: a clear in state Closed still clears its whole key.
  const closedInZenoss = state.resolvesItself && severity !== 'clear';
  return {
    ...(state.acknowledgedBy !== null || state.suppressed
      ? { arrival: { acknowledgedBy: state.acknowledgedBy, suppressed: state.suppressed } }
      : {}),
    ...(closedInZenoss ? { clearsOwnAlertOnly: true } : {}),
    source: 'zenoss',
    fingerprint: zenossFingerprint({ device, component, eventClass, eventKey, severity, summary }),
    clearKey: zenossClearKey({ device, component, eventClass, eventKey }),
    isClear: severity === 'clear' || closedInZenoss,
    device,
    ip: ip === '' ? null : ip,
    component,
    eventClass,
    eventKey,
    severity,
    summary,
    message: event.message ?? '',
    count: event.count ?? 1,
    firstSeen: event.firstTime ?? lastSeen,
    lastSeen,
    deviceGroups: event.DeviceGroups ?? [],
    systems: event.Systems ?? [],
    location: event.Location ?? null,
    labels: event.prodState === undefined || event.prodState === null ? {} : { prodState: String(event.prodState) },
    prodState: prodStateNumber(event.prodState),
    annotations: {},
    externalId: event.evid ?? null,
    generatorUrl: null,
  };
}
