/**
 * fast-check arbitraries for room commands, shared by the property tests.
 */
import fc from 'fast-check';
import {
  COMMAND_WORDS,
  MAX_EVENT_NUMBER,
  PAGE_PRIORITIES,
  type Command,
  type EventRef,
} from '../../../shared/commands/index.ts';
import { TICKET_COMMAND_PRIORITIES } from '../../../shared/commands/catalog.ts';
import { parseEventRef } from '../../../shared/commands/event-ref.ts';
import { tokenize } from '../../../shared/commands/scan.ts';

export const targetArb: fc.Arbitrary<string> = fc
  .array(fc.stringMatching(/^[a-z0-9_-]{1,12}$/), { minLength: 1, maxLength: 6 })
  .map((segments) => segments.join('/'));

const numberArb = fc.oneof(fc.integer({ min: 1, max: 99999 }), fc.integer({ min: 1, max: MAX_EVENT_NUMBER }));

export const eventRefArb: fc.Arbitrary<EventRef> = fc.record(
  {
    number: numberArb,
    customerNumber: fc.option(numberArb, { nil: null }),
  },
  { noNullPrototype: true },
);

/** Free text as the parser yields it: trimmed, non-empty; includes unicode, newlines, brackets and dots. */
export const textArb: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ minLength: 1 }),
    fc.string({ unit: 'binary', minLength: 1 }),
    fc.constantFrom(
      'Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...',
      '] [x, 1] .ack 5',
      'line one\nline two',
    ),
  )
  .map((text) => text.trim())
  .filter((text) => text.length > 0);

/** A period as `.noise` and `.triage start` take it: 1-90 days, or hours and weeks within that. */
const periodArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 90 }).map((days) => `${days}d`),
  fc.integer({ min: 1, max: 2160 }).map((hours) => `${hours}h`),
  fc.integer({ min: 1, max: 12 }).map((weeks) => `${weeks}w`),
);

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc
    .record(
      {
        name: fc.constant('page' as const),
        priority: fc.constantFrom(...PAGE_PRIORITIES),
        target: targetArb,
        event: fc.option(eventRefArb, { nil: null }),
        message: fc.option(textArb, { nil: null }),
      },
      { noNullPrototype: true },
    )
    .filter((page) => page.event !== null || page.message !== null),
  fc.record({ name: fc.constant('ack' as const), event: eventRefArb }, { noNullPrototype: true }),
  fc.record({ name: fc.constant('resolve' as const), event: eventRefArb }, { noNullPrototype: true }),
  fc.record({ name: fc.constant('reopen' as const), event: eventRefArb }, { noNullPrototype: true }),
  fc.record(
    {
      name: fc.constant('escalate' as const),
      event: eventRefArb,
      level: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { name: fc.constant('reassign' as const), event: eventRefArb, target: targetArb },
    { noNullPrototype: true },
  ),
  fc.record({ name: fc.constant('note' as const), event: eventRefArb, text: textArb }, { noNullPrototype: true }),
  fc.record({ name: fc.constant('who' as const), target: targetArb }, { noNullPrototype: true }),
  fc.record({ name: fc.constant('both' as const), text: textArb }, { noNullPrototype: true }),
  fc
    .record(
      {
        name: fc.constant('ticket' as const),
        priority: fc.constantFrom(...TICKET_COMMAND_PRIORITIES),
        event: fc.option(eventRefArb, { nil: null }),
        subject: fc.option(textArb, { nil: null }),
      },
      { noNullPrototype: true },
    )
    // Without an event, a subject whose first word reads as an event number is read as one (docs/COMMANDS.md).
    .filter(
      (ticket) =>
        ticket.event !== null ||
        (ticket.subject !== null && !parseEventRef(tokenize(ticket.subject, 0)[0]?.text ?? '').ok),
    ),
  fc.record(
    {
      name: fc.constant('time' as const),
      action: fc.constantFrom('start' as const, 'stop' as const),
      event: eventRefArb,
      duration: fc.constant(null),
      notes: fc.constant(null),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      name: fc.constant('time' as const),
      action: fc.constant('log' as const),
      event: eventRefArb,
      duration: fc.constantFrom('1m', '45m', '1h30m', '2h5m', '24h'),
      notes: fc.option(textArb, { nil: null }),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { name: fc.constant('noise' as const), since: fc.option(periodArb, { nil: null }) },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      name: fc.constant('triage' as const),
      action: fc.constantFrom('status' as const, 'end' as const),
      since: fc.constant(null),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      name: fc.constant('triage' as const),
      action: fc.constant('start' as const),
      since: fc.option(periodArb, { nil: null }),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { name: fc.constant('help' as const), topic: fc.option(fc.constantFrom(...COMMAND_WORDS), { nil: null }) },
    { noNullPrototype: true },
  ),
);

/** Lines that look like commands often enough to exercise every branch of the parser, valid or not. */
export const lineArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '.', '..', '. '),
    fc.constantFrom('', ...COMMAND_WORDS, 'oncall!', 'ak', 'ESCALATE'),
    fc.array(
      fc.oneof(
        fc.constantFrom(' ', '  ', '\t', '[', ']', ',', ', ', '#', 'coss_', '-', '/', '\n'),
        fc.stringMatching(/^[a-z0-9]{1,6}$/),
        fc.integer({ min: 0, max: 40000 }).map(String),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 12 },
    ),
  )
  .map(([dot, word, rest]) => dot + word + rest.join(''));
