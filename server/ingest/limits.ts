/**
 * Size limits shared by every ingest format (docs/ALERTS-API.md, "Limits"). An event's names are matched by note
 * rules and make up its identity, and its labels and annotations go to every console, so each is bounded; a request
 * over a limit is refused as a whole with a 400 that names the field and the limit.
 * Label limits follow what Prometheus-compatible stores enforce (Mimir, Grafana Cloud: values ≤ 2048 characters).
 */
import { z } from 'zod';

export const INGEST_LIMITS = {
  /** device, component, event class, event key, location, each organizer path */
  name: 1024,
  /** summary and message */
  text: 65_536,
  labels: 64,
  labelName: 128,
  labelValue: 2048,
  annotations: 64,
  /** all annotation values of one alert together (one value may use all of it) */
  annotationText: 65_536,
} as const;

/** Prometheus's label-name rule (also for annotation names), which Alertmanager enforces on what it is sent. */
const PROMETHEUS_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A name as an error message may quote it: never the whole of a 100,000-character one. */
function quoted(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

/**
 * A string map (labels or annotations) bounded in entries, name length and value length, checked in that order
 * so that a huge map is refused on its count before anything walks its entries.
 */
export function boundedMap(options: {
  what: 'labels' | 'annotations';
  maxEntries: number;
  maxValue: number;
  maxTotal?: number;
  prometheusNames: boolean;
}) {
  const { what, maxEntries, maxValue, maxTotal, prometheusNames } = options;
  const entries = z.custom<Record<string, unknown>>(
    (value) =>
      typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length <= maxEntries,
    { message: `at most ${maxEntries} ${what}` },
  );
  return entries.pipe(z.record(z.string(), z.string())).superRefine((map, context) => {
    let total = 0;
    for (const [name, value] of Object.entries(map)) {
      if (name.length > INGEST_LIMITS.labelName) {
        context.addIssue({
          code: 'custom',
          message: `${what} names are at most ${INGEST_LIMITS.labelName} characters: ${quoted(name)}`,
        });
        return;
      }
      if (prometheusNames && !PROMETHEUS_NAME.test(name)) {
        context.addIssue({ code: 'custom', message: `${what} names match [a-zA-Z_][a-zA-Z0-9_]*: ${quoted(name)}` });
        return;
      }
      if (value.length > maxValue) {
        context.addIssue({ code: 'custom', path: [name], message: `at most ${maxValue} characters` });
        return;
      }
      total += value.length;
    }
    if (maxTotal !== undefined && total > maxTotal) {
      context.addIssue({ code: 'custom', message: `${what} values total at most ${maxTotal} characters` });
    }
  });
}

/** Prometheus labels: its name rule, 64 of them, values up to 2048 characters. */
export const prometheusLabels = boundedMap({
  what: 'labels',
  maxEntries: INGEST_LIMITS.labels,
  maxValue: INGEST_LIMITS.labelValue,
  prometheusNames: true,
});

/** Prometheus annotations: the same names, longer values (descriptions, runbooks) up to 64 KiB in all. */
export const prometheusAnnotations = boundedMap({
  what: 'annotations',
  maxEntries: INGEST_LIMITS.annotations,
  maxValue: INGEST_LIMITS.annotationText,
  maxTotal: INGEST_LIMITS.annotationText,
  prometheusNames: true,
});

/** Labels of the generic format: the same bounds, any name (its senders are not Prometheus). */
export const genericLabels = boundedMap({
  what: 'labels',
  maxEntries: INGEST_LIMITS.labels,
  maxValue: INGEST_LIMITS.labelValue,
  prometheusNames: false,
});
