/**
 * Loads PagerDuty's published OpenAPI 3.0 files (read in place from ../shared/pagerduty, never copied into the
 * repo) and compiles the schema of an operation's request body or documented response with ajv.
 *
 * PagerDuty's files are not valid input for a strict JSON Schema validator; each workaround below is named,
 * reasoned, and kept as small as the fault it works around:
 * - OpenAPI keywords (`nullable`, `readOnly`, `example`, `discriminator`, `x-*`): ajv with strict:false, which
 *   understands `nullable` and ignores the rest.
 * - `$ref`s point into `#/components/...` (and even into a response's content, `.../application~1json/schema`):
 *   the whole document is registered under one id so every pointer resolves against it.
 * - Vendor formats (`tzinfo`, `activesupport-time-zone`, `float`, ...) are annotations only: accepted as is.
 * - `format: url` is not a JSON Schema format; ajv-formats' `url` refuses private hosts such as 127.0.0.1, so
 *   it is checked as "absolute http(s) URL" instead.
 * - `date-time` also accepts ISO 8601 offsets without a colon (`+0000`), which PagerDuty's own examples use.
 * - AcknowledgeLogEntry is `allOf` LogEntry (whose type enum says `acknowledge_log_entry`) and its own enum
 *   `acknowledgement_log_entry`: no object can satisfy both. PagerDuty returns `acknowledge_log_entry`.
 * - Channel is `oneOf` five variants with no required distinguishing field, so every channel matches several
 *   and `oneOf` can never pass: it is checked as `anyOf`.
 * - Events API 400/429 carry only a description naming a `#/components/responses/...` that does not exist;
 *   those codes are checked against the file's `Error` response, the only error body it defines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

/** ../shared/pagerduty relative to the repository root (this file is test/contract/). */
export const PAGERDUTY_SPEC_DIR = fileURLToPath(new URL('../../../shared/pagerduty/', import.meta.url));
export const EVENTS_SPEC_FILE = `${PAGERDUTY_SPEC_DIR}events-v2.openapi.json`;
export const REST_SPEC_FILE = `${PAGERDUTY_SPEC_DIR}rest.openapi.json`;

export function pagerDutySpecsAvailable(): boolean {
  return existsSync(EVENTS_SPEC_FILE) && existsSync(REST_SPEC_FILE);
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonRecord = { [key: string]: JsonValue };

function isRecord(value: JsonValue | undefined): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follow a JSON pointer such as `#/components/schemas/Incident`. */
function at(doc: JsonValue, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const raw of pointer.replace(/^#\//, '').split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isRecord(node)) node = node[key];
    else return undefined;
  }
  return node;
}

export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

export interface Quirk {
  pointer: string;
  apply: (node: JsonRecord) => void;
}

export const REST_QUIRKS: Quirk[] = [
  {
    pointer: '#/components/schemas/AcknowledgeLogEntry/allOf/1/properties/type',
    apply: (node) => {
      node['enum'] = ['acknowledge_log_entry'];
    },
  },
  {
    pointer: '#/components/schemas/Channel',
    apply: (node) => {
      const variants = node['oneOf'];
      if (variants === undefined) return;
      delete node['oneOf'];
      node['anyOf'] = variants;
    },
  },
];

const ISO_OFFSET_WITHOUT_COLON = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{4}$/;

export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  readonly doc: JsonRecord;
  private readonly id: string;

  constructor(file: string, quirks: Quirk[] = []) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
    if (!isRecord(parsed)) throw new Error(`${file} is not an OpenAPI document`);
    this.doc = parsed;
    for (const quirk of quirks) {
      const node = at(this.doc, quirk.pointer);
      // A quirk that no longer matches means PagerDuty changed the file: fail loudly so the list gets reviewed.
      if (!isRecord(node)) throw new Error(`quirk target ${quirk.pointer} not found in ${file}`);
      quirk.apply(node);
    }
    this.id = `https://spec.invalid/${basename(file)}`;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    formatsModule.default(this.ajv);
    this.ajv.addFormat('url', { type: 'string', validate: isAbsoluteHttpUrl });
    const rfc3339 = this.ajv.formats['date-time'];
    this.ajv.addFormat('date-time', {
      type: 'string',
      validate: (s: string) => ISO_OFFSET_WITHOUT_COLON.test(s) || checkFormat(rfc3339, s),
    });
    for (const vendorFormat of ['tzinfo', 'activesupport-time-zone', 'partial-time', 'float', 'double', 'binary']) {
      this.ajv.addFormat(vendorFormat, true);
    }
    this.ajv.addSchema(this.doc, this.id);
  }

  operation(path: string, method: string): JsonRecord {
    const op = at(this.doc, `#/paths/${escapePointer(path)}/${method}`);
    if (!isRecord(op)) throw new Error(`no operation ${method.toUpperCase()} ${path} in the spec`);
    return op;
  }

  /** Names of the query parameters the spec declares for an operation (following `$ref`s). */
  queryParameterNames(path: string, method: string): string[] {
    const params = this.operation(path, method)['parameters'];
    if (!Array.isArray(params)) return [];
    return params
      .map((p) => (isRecord(p) && typeof p['$ref'] === 'string' ? at(this.doc, p['$ref']) : p))
      .flatMap((p) => (isRecord(p) && p['in'] === 'query' && typeof p['name'] === 'string' ? [p['name']] : []));
  }

  requestValidator(path: string, method: string): ValidateFunction {
    return this.compile(`#/paths/${escapePointer(path)}/${method}/requestBody/content/application~1json/schema`);
  }

  /** Example request bodies the spec ships for an operation. */
  requestExamples(path: string, method: string): JsonValue[] {
    const examples = at(
      this.doc,
      `#/paths/${escapePointer(path)}/${method}/requestBody/content/application~1json/examples`,
    );
    if (!isRecord(examples)) return [];
    return Object.values(examples).flatMap((e) => (isRecord(e) && e['value'] !== undefined ? [e['value']] : []));
  }

  /** Which status keys the operation documents (e.g. "200", "400", "5XX"). */
  documentedStatuses(path: string, method: string): string[] {
    const responses = this.operation(path, method)['responses'];
    return isRecord(responses) ? Object.keys(responses) : [];
  }

  /**
   * Validator for the response documented for `status` (exact code, then `4XX`/`5XX`). Throws when the
   * operation documents no schema for it, unless `fallback` names a `#/components/responses/...` to use.
   */
  responseValidator(path: string, method: string, status: number, fallback?: string): ValidateFunction {
    const base = `#/paths/${escapePointer(path)}/${method}/responses`;
    for (const key of [String(status), `${String(status)[0]}XX`]) {
      const response = at(this.doc, `${base}/${key}`);
      if (!isRecord(response)) continue;
      const pointer = typeof response['$ref'] === 'string' ? response['$ref'] : `${base}/${key}`;
      if (isRecord(at(this.doc, `${pointer}/content/application~1json/schema`))) {
        return this.compile(`${pointer}/content/application~1json/schema`);
      }
    }
    if (fallback !== undefined) return this.compile(`${fallback}/content/application~1json/schema`);
    throw new Error(`${method.toUpperCase()} ${path} documents no response schema for ${status}`);
  }

  private compile(pointer: string): ValidateFunction {
    const cached = this.cache.get(pointer);
    if (cached) return cached;
    if (at(this.doc, pointer) === undefined) throw new Error(`no schema at ${pointer}`);
    const validate = this.ajv.compile({ $ref: `${this.id}${pointer}` });
    this.cache.set(pointer, validate);
    return validate;
  }
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function checkFormat(format: unknown, value: string): boolean {
  if (format instanceof RegExp) return format.test(value);
  if (typeof format === 'function') return Boolean((format as (s: string) => unknown)(value));
  if (typeof format === 'object' && format !== null && 'validate' in format) {
    return checkFormat(format.validate, value);
  }
  return false;
}

/** Readable ajv errors for assertion messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

/** Validate and return error text ('' when valid). */
export function check(validate: ValidateFunction, data: unknown): string {
  return validate(data) ? '' : describeErrors(validate.errors);
}
