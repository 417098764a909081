/**
 * The Command data model: a zod schema per command and the discriminated union `Command`.
 * The server validates commands that arrive as data with `CommandSchema`; anything it accepts,
 * `formatCommand` renders to a line that `parseCommand` reads back to an equal command.
 */
import { z } from 'zod';
import { COMMAND_WORDS, PAGE_PRIORITIES, TICKET_COMMAND_PRIORITIES, TIME_ACTIONS } from './catalog.ts';
import { parseLoggedDuration } from './time-duration.ts';
import { EventRefSchema } from './event-ref.ts';
import { TargetSchema } from './target.ts';
import { parseNoisePeriod } from '../noise-period.ts';

/** Free text as the parser produces it: non-empty and already trimmed (the parser trims, so data must too). */
export const CommandTextSchema = z
  .string()
  .min(1, 'text must not be empty')
  .refine((text) => text === text.trim(), 'text must not start or end with whitespace');

export const PagePrioritySchema = z.enum(PAGE_PRIORITIES);
export const CommandWordSchema = z.enum(COMMAND_WORDS);

/** `.oncall`, `.urgent`, `.emergency` (and `.oncall!`): page a target, optionally tied to an event. */
export const PageCommandSchema = z
  .strictObject({
    name: z.literal('page'),
    priority: PagePrioritySchema,
    target: TargetSchema,
    event: EventRefSchema.nullable(),
    message: CommandTextSchema.nullable(),
  })
  .refine((page) => page.event !== null || page.message !== null, {
    message: 'a page without an event needs a message',
    path: ['message'],
  });

export const AckCommandSchema = z.strictObject({ name: z.literal('ack'), event: EventRefSchema });
export const ResolveCommandSchema = z.strictObject({ name: z.literal('resolve'), event: EventRefSchema });
export const ReopenCommandSchema = z.strictObject({ name: z.literal('reopen'), event: EventRefSchema });

/** Escalation levels are 1-10; null means "the next level up". */
export const MIN_ESCALATION_LEVEL = 1;
export const MAX_ESCALATION_LEVEL = 10;
export const EscalateCommandSchema = z.strictObject({
  name: z.literal('escalate'),
  event: EventRefSchema,
  level: z.number().int().min(MIN_ESCALATION_LEVEL).max(MAX_ESCALATION_LEVEL).nullable(),
});

export const ReassignCommandSchema = z.strictObject({
  name: z.literal('reassign'),
  event: EventRefSchema,
  target: TargetSchema,
});
export const NoteCommandSchema = z.strictObject({
  name: z.literal('note'),
  event: EventRefSchema,
  text: CommandTextSchema,
});
export const WhoCommandSchema = z.strictObject({ name: z.literal('who'), target: TargetSchema });
/** A period as `.noise` and `.triage start` take it (shared/noise-period.ts); null: the default. */
const NoisePeriodSchema = z
  .string()
  .refine((text) => parseNoisePeriod(text).ok, 'a period such as 7d, at most 90d')
  .nullable();
export const NoiseCommandSchema = z.strictObject({ name: z.literal('noise'), since: NoisePeriodSchema });
export const TriageCommandSchema = z.strictObject({
  name: z.literal('triage'),
  action: z.enum(['start', 'status', 'end']),
  /** only `start` takes a period */
  since: NoisePeriodSchema,
});
/** `.ticket <priority> <event#>? <subject>`: a Zendesk ticket; without an event the subject is required. */
export const TicketCommandSchema = z
  .strictObject({
    name: z.literal('ticket'),
    priority: z.enum(TICKET_COMMAND_PRIORITIES),
    event: EventRefSchema.nullable(),
    subject: CommandTextSchema.nullable(),
  })
  .refine((ticket) => ticket.event !== null || ticket.subject !== null, {
    message: 'a ticket without an event needs a subject',
    path: ['subject'],
  });
/**
 * `.time start|stop <event#>` and `.time log <duration> <event#> <notes>?`: only `log` takes a duration (as typed,
 * shared/commands/time-duration.ts) and notes.
 */
export const TimeCommandSchema = z
  .strictObject({
    name: z.literal('time'),
    action: z.enum(TIME_ACTIONS),
    event: EventRefSchema,
    duration: z
      .string()
      .refine(
        (text) => text === text.toLowerCase() && parseLoggedDuration(text).ok,
        'a duration such as 1h30m, 1m to 24h',
      )
      .nullable(),
    notes: CommandTextSchema.nullable(),
  })
  .refine((time) => (time.action === 'log') === (time.duration !== null), {
    message: 'log takes a duration; start and stop do not',
    path: ['duration'],
  })
  .refine((time) => time.action === 'log' || time.notes === null, {
    message: 'only log takes notes',
    path: ['notes'],
  });
/** `.both <text>`: the same line in the customer's room and the internal room. */
export const BothCommandSchema = z.strictObject({ name: z.literal('both'), text: CommandTextSchema });

/** `topic` is always the canonical word (`.help oncall!` asks about `urgent`), or `maint` (its own grammar). */
export const HelpCommandSchema = z.strictObject({
  name: z.literal('help'),
  topic: z.union([CommandWordSchema, z.literal('maint')]).nullable(),
});

export const CommandSchema = z.discriminatedUnion('name', [
  PageCommandSchema,
  AckCommandSchema,
  ResolveCommandSchema,
  ReopenCommandSchema,
  EscalateCommandSchema,
  ReassignCommandSchema,
  NoteCommandSchema,
  WhoCommandSchema,
  TicketCommandSchema,
  TimeCommandSchema,
  NoiseCommandSchema,
  TriageCommandSchema,
  BothCommandSchema,
  HelpCommandSchema,
]);

export type Command = z.infer<typeof CommandSchema>;
export type CommandName = Command['name'];
