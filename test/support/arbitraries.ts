/**
 * fast-check arbitraries for the Alerts API: valid bodies of every ingest format, the same bodies with one field
 * broken, arbitrary JSON, raw bytes and broken JSON text. Used by test/integration/ingest-fuzz.test.ts.
 *
 * Long on purpose: the generators of every ingest format and its broken variants stay together so every fuzz test
 * draws from the same definitions.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------------------------

/** Single UTF-16 code units: NUL, controls, lone surrogates, BOM, RTL marks, U+FFFF — what breaks storage. */
const nastyUnit = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\u0001',
    '\u001f',
    '\u007f',
    '\ud800',
    '\udbff',
    '\udc00',
    '\udfff',
    '\ufeff',
    '\u202e',
    '\uffff',
    '\u2028',
    '\\',
    '"',
    "'",
    '%',
    '_',
    '\n',
    '\t',
  ),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
);

/** Text mixing ordinary characters, full unicode (emoji, combining marks) and nasty code units. */
export function weirdText(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  const { minLength = 0, maxLength = 40 } = constraints;
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength, maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: nastyUnit, minLength, maxLength }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom('é', 'e\u0301', '👩‍🚒', '🇺🇦', '\u0000', 'Ω', '𝕏', '\ud83d'),
        minLength,
        maxLength,
      }),
    },
  );
}

/** Text that is not blank after trim (device names must not be). */
const nonBlank = (maxLength = 40) =>
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme-ascii' }).filter((s) => s.trim() !== ''),
      weirdText({ maxLength }),
    )
    .map(([head, tail]) => `${head.trim()}${tail}`.slice(0, maxLength));

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/**
 * Keys a valid body never uses: Fastify refuses `__proto__` (prototype poisoning) with a 400, by design.
 * The broken-body generators still produce it.
 */
const safeKey = (key: string) => key !== '__proto__';

/** Drops keys whose value is undefined, so that "missing" really is missing in the JSON. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const rec = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model, { noNullPrototype: true }).map((value) => compact(value as Record<string, unknown>));

// ---------------------------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------------------------

const sensibleDate = fc.date({
  min: new Date('1971-01-01T00:00:00Z'),
  max: new Date('2099-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** RFC 3339 with Z or a numeric offset, and Go's zero time that Alertmanager sends for "no end". */
const rfc3339 = fc.oneof(
  sensibleDate.map((date) => date.toISOString()),
  fc.tuple(sensibleDate, fc.integer({ min: -12, max: 14 })).map(([date, hours]) => {
    const shifted = new Date(date.getTime() + hours * 3_600_000);
    const iso = shifted.toISOString().replace('Z', '');
    return `${iso}${hours < 0 ? '-' : '+'}${pad(Math.abs(hours))}:00`;
  }),
  fc.constant('0001-01-01T00:00:00Z'),
);

/** What Zenoss sends as a time: epoch seconds or ms (number or string), its own format, or ISO-8601. */
const zenossTime = fc.oneof(
  sensibleDate.map((date) => Math.floor(date.getTime() / 1000)),
  sensibleDate.map((date) => date.getTime() / 1000),
  sensibleDate.map((date) => date.getTime()),
  sensibleDate.map((date) => String(Math.floor(date.getTime() / 1000))),
  sensibleDate.map(
    (date) =>
      `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`,
  ),
  sensibleDate.map((date) => date.toISOString()),
);

// ---------------------------------------------------------------------------------------------------------------
// Valid bodies
// ---------------------------------------------------------------------------------------------------------------

const zenossSeverity = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.constantFrom('0', '3', '5', 'clear', 'Critical', ' warning ', 'INFO', 'debug', 'error'),
);
const textOrRef = fc.oneof(weirdText(), rec({ text: weirdText(), uid: optional(weirdText()) }));
const organizers = fc.oneof(
  fc.array(weirdText({ maxLength: 20 }), { maxLength: 4 }).map((names) => names.map((n) => `/${n}`).join('|')),
  fc.array(fc.oneof(weirdText({ maxLength: 20 }), rec({ name: weirdText({ maxLength: 20 }) })), { maxLength: 4 }),
);

export const zenossEvent = rec({
  evid: optional(fc.uuid()),
  device: fc.oneof(nonBlank(), rec({ text: nonBlank(), uid: optional(weirdText()) })),
  ipAddress: optional(fc.oneof(fc.ipV4(), fc.constant(''), fc.array(fc.ipV4(), { maxLength: 3 }), fc.constant(null))),
  component: optional(fc.oneof(textOrRef, fc.constant(null))),
  eventClass: optional(fc.oneof(textOrRef, fc.constant(null))),
  eventKey: optional(fc.oneof(weirdText(), fc.constant(null))),
  severity: zenossSeverity,
  summary: weirdText({ maxLength: 120 }),
  message: optional(fc.oneof(weirdText({ maxLength: 300 }), fc.constant(null))),
  count: optional(
    fc.oneof(fc.integer({ min: 1, max: 2_147_483_647 }), fc.integer({ min: 1, max: 999_999_999 }).map(String)),
  ),
  firstTime: optional(zenossTime),
  lastTime: optional(zenossTime),
  prodState: optional(fc.oneof(fc.integer({ min: -1, max: 1000 }), fc.constantFrom('Production', 'Maintenance'))),
  DeviceGroups: optional(organizers),
  Systems: optional(organizers),
  Location: optional(
    fc.oneof(weirdText(), rec({ name: weirdText() }), fc.array(rec({ name: weirdText() }), { maxLength: 2 })),
  ),
});

/** A Zenoss body: one event or a non-empty array; `count` is how many events it carries. */
export const zenossBody: fc.Arbitrary<{ body: unknown; count: number }> = fc.oneof(
  zenossEvent.map((event) => ({ body: event, count: 1 })),
  fc.array(zenossEvent, { minLength: 1, maxLength: 6 }).map((events) => ({ body: events, count: events.length })),
);

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}$/);
const labelSet = (minKeys: number) =>
  fc.dictionary(
    fc
      .oneof(labelName, fc.constantFrom('alertname', 'instance', 'severity', 'job', 'cluster', 'service', 'region'))
      .filter(safeKey),
    weirdText({ maxLength: 60 }),
    {
      minKeys,
      maxKeys: 12,
      noNullPrototype: true,
    },
  );
const promAlertFields = {
  labels: labelSet(1),
  annotations: optional(labelSet(0)),
  startsAt: optional(rfc3339),
  endsAt: optional(rfc3339),
  generatorURL: optional(fc.oneof(fc.webUrl(), weirdText())),
};

export const alertmanagerBody: fc.Arbitrary<{ body: unknown; count: number }> = rec({
  version: fc.constant('4'),
  groupKey: weirdText(),
  truncatedAlerts: optional(fc.integer({ min: 0, max: 1000 })),
  status: fc.constantFrom('firing', 'resolved'),
  receiver: weirdText(),
  groupLabels: optional(
    fc.dictionary(weirdText({ maxLength: 10 }).filter(safeKey), weirdText(), { maxKeys: 4, noNullPrototype: true }),
  ),
  commonLabels: optional(
    fc.dictionary(weirdText({ maxLength: 10 }).filter(safeKey), weirdText(), { maxKeys: 4, noNullPrototype: true }),
  ),
  commonAnnotations: optional(
    fc.dictionary(weirdText({ maxLength: 10 }).filter(safeKey), weirdText(), { maxKeys: 4, noNullPrototype: true }),
  ),
  externalURL: optional(fc.webUrl()),
  alerts: fc.array(
    rec({
      ...promAlertFields,
      labels: labelSet(0),
      status: fc.constantFrom('firing', 'resolved'),
      fingerprint: optional(fc.stringMatching(/^[0-9a-f]{0,16}$/)),
    }),
    { maxLength: 6 },
  ),
}).map((body) => ({ body, count: (body as { alerts: unknown[] }).alerts.length }));

export const postableAlertsBody: fc.Arbitrary<{ body: unknown; count: number }> = fc
  .array(rec(promAlertFields), { maxLength: 6 })
  .map((alerts) => ({ body: alerts, count: alerts.length }));

export const genericEvent = rec({
  device: nonBlank(),
  summary: weirdText({ minLength: 1, maxLength: 120 }),
  severity: fc.constantFrom('clear', 'debug', 'info', 'warning', 'error', 'critical'),
  status: optional(fc.constantFrom('firing', 'resolved')),
  component: optional(weirdText()),
  eventClass: optional(weirdText()),
  eventKey: optional(weirdText()),
  message: optional(weirdText({ maxLength: 300 })),
  ip: optional(fc.oneof(fc.ipV4(), fc.ipV6())),
  fingerprint: optional(weirdText({ minLength: 1, maxLength: 60 })),
  count: optional(fc.integer({ min: 1, max: 2_147_483_647 })),
  occurredAt: optional(rfc3339.filter((value) => !value.startsWith('0001'))),
  deviceGroups: optional(fc.array(weirdText(), { maxLength: 4 })),
  systems: optional(fc.array(weirdText(), { maxLength: 4 })),
  location: optional(weirdText()),
  labels: optional(
    fc.dictionary(weirdText({ maxLength: 20 }).filter(safeKey), weirdText(), { maxKeys: 6, noNullPrototype: true }),
  ),
  externalId: optional(weirdText()),
  url: optional(fc.webUrl()),
});

export const genericBody: fc.Arbitrary<{ body: unknown; count: number }> = fc.oneof(
  genericEvent.map((event) => ({ body: event, count: 1 })),
  fc.array(genericEvent, { minLength: 1, maxLength: 6 }).map((events) => ({ body: events, count: events.length })),
  fc.array(genericEvent, { minLength: 1, maxLength: 6 }).map((events) => ({ body: { events }, count: events.length })),
);

// ---------------------------------------------------------------------------------------------------------------
// Broken bodies
// ---------------------------------------------------------------------------------------------------------------

/** A value of the wrong kind for almost any field. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0,
    1e308,
    -1e308,
    2 ** 53,
    2_147_483_648,
    '',
    ' ',
    '\u0000',
    '\ud800',
    [],
    {},
    [null],
    { text: null },
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  weirdText({ maxLength: 200 }),
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1969-12-31T23:59:59Z',
    'yesterday',
    '2024-02-30',
    '2024/13/40 25:61:61',
  ),
  fc.constantFrom(8.64e15, -1, 1e11, 1e12, 1e20, 253402300800, 253402300799),
  // Longer than every per-field limit (65,536), well under the body limit.
  fc.integer({ min: 65_537, max: 70_000 }).map((length) => 'x'.repeat(length)),
  fc.constant(Array.from({ length: 5001 }, () => 'a')),
  fc.jsonValue({ maxDepth: 3 }),
);

type Json = unknown;

/** Every path (object keys and array indexes) inside `value`, the root excluded. */
function paths(
  value: Json,
  prefix: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
): Array<Array<string | number>> {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push([...prefix, index]);
      paths(item, [...prefix, index], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      paths(item, [...prefix, key], out);
    }
  }
  return out;
}

/** A deep copy of `value` with the thing at `path` replaced (or removed when `replacement` is `remove`). */
function mutateAt(value: Json, path: Array<string | number>, replacement: unknown, remove: boolean): Json {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else {
    node[last] = replacement;
  }
  return copy;
}

/**
 * A valid body with one field broken: replaced by a wrong type, an out-of-range number, a huge or odd string, null,
 * or removed; or an unknown extra field. The result may still be valid (e.g. an optional field removed).
 */
export function nearValid(valid: fc.Arbitrary<{ body: unknown }>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), wrongValue, fc.nat({ max: 9 }), weirdText({ minLength: 1, maxLength: 12 }))
    .map(([{ body }, pick, replacement, how, extraKey]) => {
      const all = paths(body);
      if (all.length === 0 || how === 9) {
        if (Array.isArray(body) || typeof body !== 'object' || body === null) return [body, replacement];
        return { ...body, [extraKey]: replacement };
      }
      const path = all[pick % all.length] as Array<string | number>;
      return mutateAt(body, path, replacement, how === 0);
    });
}

/**
 * Long text of one kind (plain, incompressible, multi-byte, astral, NUL, dashes): 100,000 characters, or just
 * over a btree row (3,000), or at the limits of summaries (8,000 as in a real report, 65,536).
 */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('x', 'random', 'é', '👩‍🚒', '\u0000', '-'),
    fc.nat(),
    fc.constantFrom(100_000, 100_000, 3000, 8000, 65_536),
  )
  .map(([kind, seed, length]) => {
    if (kind !== 'random') return kind.repeat(Math.ceil(length / kind.length)).slice(0, length);
    // Incompressible, so PostgreSQL cannot shrink it below a btree's row limit.
    let state = seed | 1;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    return Array.from({ length }, () => {
      state = (state * 1_103_515_245 + 12_345) >>> 0;
      return alphabet[state >>> 26] as string;
    }).join('');
  });

/**
 * A valid body with one field (at any depth) replaced by long text, or a long key added beside it: what a hostile
 * or broken sender can put into any field without passing the body limit.
 */
export function withHugeField(valid: fc.Arbitrary<{ body: unknown }>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), hugeText, fc.boolean()).map(([{ body }, pick, huge, asKey]) => {
    const all = paths(body);
    const path = all[pick % Math.max(1, all.length)];
    if (path === undefined) return Array.isArray(body) ? [huge] : { [huge]: 'v', value: huge };
    if (!asKey) return mutateAt(body, path, huge, false);
    const copy = structuredClone(body) as Record<string | number, unknown>;
    let node: Record<string | number, unknown> = copy;
    for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    if (Array.isArray(node)) node.push({ [huge]: huge });
    else node[huge] = 'v';
    return copy;
  });
}

/** Arbitrary JSON, deep and large, including values of every type at the root. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 8, depthSize: 'large', stringUnit: 'binary' }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 100, maxLength: 2000 }),
  fc.constantFrom(null, 0, '', [], {}, [[]], [{}], { events: [] }, { alerts: [] }, { version: '4' }),
);

/** A raw request body with its content type (undefined: no Content-Type header). */
export interface RawBody {
  body: string | Uint8Array;
  contentType: string | undefined;
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/jsonx',
  'application/vnd.api+json',
  'APPLICATION/JSON',
  undefined,
);

/** Text that is not (quite) JSON: raw bytes, truncated JSON, JSON with garbage, deep nesting, odd escapes. */
export function rawBodies(valid: fc.Arbitrary<{ body: unknown }>): fc.Arbitrary<RawBody> {
  const truncated = fc.tuple(valid, fc.nat()).map(([{ body }, cut]) => {
    const text = JSON.stringify(body);
    return text.slice(0, text.length > 1 ? cut % (text.length - 1) : 0);
  });
  const text = fc.oneof(
    truncated,
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: nastyUnit, maxLength: 200 }),
    valid.map(({ body }) => `${JSON.stringify(body)}}`),
    valid.map(({ body }) => `${JSON.stringify(body)} ${JSON.stringify(body)}`),
    valid.map(({ body }) => `\ufeff${JSON.stringify(body)}`),
    fc.constantFrom(
      '',
      ' ',
      'null',
      'undefined',
      'NaN',
      '{',
      '[',
      '{"a":}',
      "{'device':'x'}",
      '{"device":"x",}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"device":"\\ud800","summary":"\\u0000","severity":"error"}',
      '{"device":"\\x41"}',
      '1e99999',
      '-',
      '"\\u12"',
    ),
    fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 1, max: 20_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    fc.integer({ min: 1, max: 5_000 }).map((depth) => '['.repeat(depth)),
  );
  return fc.oneof(
    fc.record({ body: text, contentType: contentTypes }, { noNullPrototype: true }),
    fc.record({ body: fc.uint8Array({ maxLength: 300 }), contentType: contentTypes }, { noNullPrototype: true }),
    // Invalid UTF-8 inside otherwise good JSON.
    fc
      .tuple(fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]), contentTypes)
      .map(([bytes, contentType]) => ({
        body: new Uint8Array([
          ...Buffer.from('{"device":"'),
          ...bytes,
          ...Buffer.from('","summary":"s","severity":"error"}'),
        ]),
        contentType,
      })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// PagerDuty webhooks and room lines
// ---------------------------------------------------------------------------------------------------------------

const pdReference = rec({
  id: fc.stringMatching(/^P[A-Z0-9]{6}$/),
  summary: optional(weirdText()),
  type: optional(fc.constantFrom('user_reference', 'service_reference')),
});

/** A PagerDuty Webhooks v3 delivery body (one event), of the kinds COSS acts on and others. */
export const pagerdutyWebhookBody: fc.Arbitrary<{ body: unknown; count: number }> = fc
  .tuple(
    fc.constantFrom(
      'incident.triggered',
      'incident.acknowledged',
      'incident.unacknowledged',
      'incident.resolved',
      'incident.reopened',
      'incident.escalated',
      'incident.reassigned',
      'incident.delegated',
      'incident.priority_updated',
      'incident.annotated',
      'service.updated',
      'pagey.ping',
    ),
    fc.uuid(),
    sensibleDate,
    rec({
      id: fc.stringMatching(/^Q[A-Z0-9]{6}$/),
      number: optional(fc.integer({ min: 1, max: 1_000_000 })),
      status: optional(fc.constantFrom('triggered', 'acknowledged', 'resolved')),
      incident_key: optional(
        fc.oneof(fc.constant(null), weirdText(), fc.constantFrom('coss_102-32962', 'coss_103-10001')),
      ),
      service: optional(pdReference),
      assignees: optional(fc.array(pdReference, { maxLength: 3 })),
      escalation_policy: optional(pdReference),
      priority: optional(fc.oneof(fc.constant(null), pdReference)),
    }),
    weirdText({ maxLength: 200 }),
    optional(pdReference),
  )
  .map(([eventType, id, occurred, incident, note, agent]) => {
    const data =
      eventType === 'incident.annotated'
        ? {
            id: 'PNOTE01',
            type: 'incident_note',
            content: note,
            incident: { id: incident.id, type: 'incident_reference' },
          }
        : { ...incident, type: 'incident' };
    const event = {
      id,
      event_type: eventType,
      resource_type: eventType.split('.')[0] ?? 'incident',
      occurred_at: occurred.toISOString(),
      agent,
      data,
    };
    return { body: { event: compact(event) }, count: 1 };
  });

const roomTarget = fc.oneof(
  fc.constantFrom('casc/romel', 'casc/int/systems', 'acme/oncall', 'nobody/here'),
  weirdText({ maxLength: 20 }),
);
const eventRef = fc.oneof(
  fc.integer({ min: 0, max: 99_999_999 }).map(String),
  fc.constantFrom('coss_102-32962', '32962', '-1', '1e9'),
  weirdText({ maxLength: 12 }),
);

/** What a person types into a room: chat, and every command with plausible and broken arguments. */
export const roomLine: fc.Arbitrary<string> = fc.oneof(
  weirdText({ minLength: 1, maxLength: 200 }),
  fc
    .tuple(
      fc.constantFrom(
        '.ack',
        '.emergency',
        '.escalate',
        '.help',
        '.note',
        '.oncall',
        '.oncall!',
        '.reassign',
        '.resolve',
        '.urgent',
        '.who',
        '.',
        '..',
        '.ACK',
        '.unknown',
      ),
      fc.option(fc.tuple(roomTarget, fc.option(eventRef, { nil: undefined })), { nil: undefined }),
      fc.array(fc.oneof(eventRef, weirdText({ maxLength: 30 }), roomTarget), { maxLength: 4 }),
    )
    .map(([word, bracket, args]) => {
      const head = bracket ? ` [${bracket[0]}${bracket[1] === undefined ? '' : `, ${bracket[1]}`}]` : '';
      return `${word}${head} ${args.join(' ')}`.trimEnd();
    }),
);

/** A room message body: `{"body": line}`. */
export const roomMessageBody: fc.Arbitrary<{ body: unknown; count: number }> = roomLine.map((line) => ({
  body: { body: line },
  count: 1,
}));
