/**
 * The catalog of room commands: one entry per command word, for `.help`, the docs and the console palette.
 * Pure data, no parsing: the parser and the completer both read it so they can never disagree on names.
 */
import type { Action } from '../permissions.ts';

/** Every command word a room line can start with (after the leading dot), in palette order. */
export const COMMAND_WORDS = [
  'oncall',
  'urgent',
  'emergency',
  'ack',
  'resolve',
  'reopen',
  'escalate',
  'reassign',
  'note',
  'who',
  'ticket',
  'time',
  'both',
  'noise',
  'triage',
  'help',
] as const;
export type CommandWord = (typeof COMMAND_WORDS)[number];

/** Page priorities, lowest first; each has exactly one canonical command word. */
export const PAGE_PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type PagePriority = (typeof PAGE_PRIORITIES)[number];

/** Zendesk's ticket priorities, as `.ticket` takes them. */
export const TICKET_COMMAND_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** What `.time` does: start or stop the speaker's timer on an alert, or log a duration on it. */
export const TIME_ACTIONS = ['start', 'stop', 'log'] as const;

/** The canonical word `formatCommand` writes for a page of each priority. */
export const PAGE_WORD_BY_PRIORITY: Readonly<Record<PagePriority, CommandWord>> = {
  normal: 'oncall',
  urgent: 'urgent',
  emergency: 'emergency',
};

/** One command as shown to people: in `.help`, docs/COMMANDS.md and the console palette. */
export interface CommandSpec {
  /** The canonical word, typed after the dot. */
  name: CommandWord;
  /** Other words that mean the same command (typed after the dot, lowercase). */
  aliases: readonly string[];
  /** Syntax lines: `[` `]` and `,` are literal, `<x>` is a value, a trailing `?` marks it optional. */
  syntax: readonly string[];
  /** One line: what it does. */
  summary: string;
  /** Longer explanation: rules and defaults. */
  description: string;
  /** Lines that parse as-is; tests hold the catalog to that. */
  examples: readonly string[];
  /**
   * The right it needs (shared/permissions.ts). For commands that name a target this is the least right; the
   * target decides whether `page.noc-target` is needed too (`targetAction`).
   */
  permission: Action;
}

/** The room commands, in palette order (pages first: they are what a NOC room is for). */
export const COMMAND_CATALOG: readonly CommandSpec[] = [
  {
    name: 'oncall',
    aliases: [],
    syntax: ['.oncall [<target>] <message>', '.oncall [<target>, <event#>] <message>?'],
    summary: 'Page the on-call person of a paging path at normal priority.',
    description:
      'Pages the target (a paging path such as casc/int/systems). With an event number the page is tied to that ' +
      'alert and the message is optional; without one the message is required so the person paged knows why.',
    examples: [
      '.oncall [casc/int/systems, 32962] Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...',
      '.oncall [acme/oncall] Customer reports VPN down for all remote staff',
      '.oncall [casc/romel, coss_102-32962]',
    ],
    permission: 'page.own-queue',
  },
  {
    name: 'urgent',
    aliases: ['oncall!'],
    syntax: ['.urgent [<target>] <message>', '.urgent [<target>, <event#>] <message>?'],
    summary: 'Page at urgent priority (same form as .oncall; .oncall! is an alias).',
    description:
      'Same arguments as .oncall, paged at urgent priority. `.oncall!` is accepted as a shorthand and means exactly this.',
    examples: [
      '.urgent [casc/int/systems, 32962] Disk full on db01, writes failing',
      '.oncall! [acme/oncall] Site down',
    ],
    permission: 'page.own-queue',
  },
  {
    name: 'emergency',
    aliases: [],
    syntax: ['.emergency [<target>] <message>', '.emergency [<target>, <event#>] <message>?'],
    summary: 'Page at emergency priority (same form as .oncall).',
    description: 'Same arguments as .oncall, paged at emergency priority. Use for outages with customer impact now.',
    examples: ['.emergency [acme/oncall, 32962] Core switch down, whole office offline'],
    permission: 'page.own-queue',
  },
  {
    name: 'ack',
    aliases: [],
    syntax: ['.ack <event#>'],
    summary: 'Acknowledge an alert: someone is on it.',
    description: 'Marks the event acknowledged. Takes exactly one event number; use .note to say more.',
    examples: ['.ack 32962', '.ack coss_102-32962'],
    permission: 'alert.acknowledge',
  },
  {
    name: 'resolve',
    aliases: [],
    syntax: ['.resolve <event#>'],
    summary: 'Resolve an alert.',
    description: 'Marks the event resolved. Takes exactly one event number; use .note first to record the fix.',
    examples: ['.resolve 32962'],
    permission: 'alert.resolve',
  },
  {
    name: 'reopen',
    aliases: [],
    syntax: ['.reopen <event#>'],
    summary: 'Reopen a resolved alert.',
    description:
      'Marks a resolved event open again, unless a newer alert with the same identity is active (then work on that ' +
      'one). Its PagerDuty incidents stay resolved: page again if someone must look.',
    examples: ['.reopen 32962'],
    permission: 'alert.reopen',
  },
  {
    name: 'escalate',
    aliases: [],
    syntax: ['.escalate <event#> <level>?'],
    summary: 'Escalate an alert, to the next level or to a given level 1-10.',
    description:
      'Without a level the alert moves to the next escalation level; with one (an integer 1-10, no brackets) it ' +
      'goes straight to that level.',
    examples: ['.escalate 32962', '.escalate 32962 2'],
    permission: 'alert.escalate',
  },
  {
    name: 'reassign',
    aliases: [],
    syntax: ['.reassign <event#> <target>'],
    summary: 'Reassign an alert to another paging path.',
    description: 'Hands the event to the target (a paging path, no brackets).',
    examples: ['.reassign 32962 casc/romel'],
    permission: 'alert.reassign',
  },
  {
    name: 'note',
    aliases: [],
    syntax: ['.note <event#> <text>'],
    summary: 'Add a note to an alert.',
    description: 'Attaches the text to the event; everything after the event number is the note.',
    examples: ['.note 32962 Restarted httpd, watching for 15 min'],
    permission: 'alert.note',
  },
  {
    name: 'who',
    aliases: [],
    syntax: ['.who <target>'],
    summary: 'Show who is on call now for a paging path.',
    description: 'Looks up the current on-call person for the target (a paging path, no brackets).',
    examples: ['.who casc/int/systems'],
    permission: 'page.own-queue',
  },
  {
    name: 'ticket',
    aliases: [],
    syntax: ['.ticket <urgent|high|normal|low> <event#>? <subject>'],
    summary: 'Open a Zendesk ticket, about an alert or not, and get its number here (staff).',
    description:
      "Creates an incident ticket in Zendesk at that priority, in the customer's group and organization, with the " +
      "alert's card, its escalation notes and the customer's contacts in an internal comment. The bot answers with " +
      "the ticket number once Zendesk has it. With an event number the subject may be left out (the alert's " +
      'summary is used); a first word that reads as an event number is taken as one.',
    examples: [
      '.ticket urgent 32962 DNS ELB failing',
      '.ticket high coss_102-32962',
      '.ticket normal Acme asks for a DNS change',
    ],
    permission: 'ticket.create',
  },
  {
    name: 'time',
    aliases: [],
    syntax: ['.time start <event#>', '.time stop <event#>', '.time log <duration> <event#> <notes>?'],
    summary: 'Start or stop your Harvest timer on an alert, or log time spent on it (staff).',
    description:
      'Acknowledging or taking an alert starts your Harvest timer on it, and resolving or handing it over stops ' +
      'it; .time is for the rest. start and stop act on your own timer for that alert; log records a duration ' +
      "such as 1h30m or 45m (at least a minute, at most 24h) with optional notes. Time goes to the customer's " +
      'Harvest project and task and references the alert.',
    examples: ['.time start 32962', '.time stop coss_102-32962', '.time log 1h30m 32962 DNS failover with Fred'],
    permission: 'time.track',
  },
  {
    name: 'both',
    aliases: [],
    syntax: ['.both <text>'],
    summary: "Say the same line in the customer's room and in the staff-only internal room (staff).",
    description:
      "Posts the text, as your line, into both of the customer's rooms at once, whichever of the two you typed it " +
      'in: for what the customer and the NOC must both read ("Post in Cascadeo and Acme chatroom"). The text is ' +
      'chat: commands in it are not run.',
    examples: ['.both Acme VPN is back; we are watching it for 30 minutes'],
    permission: 'room.internal',
  },
  {
    name: 'noise',
    aliases: [],
    syntax: ['.noise <period>?'],
    summary: "Show the customer's noisiest event families (default: the last 7 days).",
    description:
      'One line per family, most occurrences first (top 10): occurrences, share of the volume, how many were cleared ' +
      'with nobody acknowledging, paging or noting them, and whether triage called it actionable or noise. A period ' +
      'is 36h, 7d, 2w: at most 90 days. The figures are defined in docs/NOISE.md.',
    examples: ['.noise', '.noise 30d'],
    permission: 'noise.read',
  },
  {
    name: 'triage',
    aliases: [],
    syntax: ['.triage start <period>?', '.triage status', '.triage end'],
    summary: "Start, follow or end a triage session over the customer's top 10 unclassified families (staff).",
    description:
      'start takes the top 10 families nobody has classified over the period (default 7d) and lists them; decisions ' +
      "(actionable with escalation notes, noise, skip) are made in the console or over REST; end posts the session's " +
      'summary here with who took part. status is for everyone; start and end are for staff.',
    examples: ['.triage start', '.triage start 30d', '.triage status', '.triage end'],
    permission: 'noise.read',
  },
  {
    name: 'help',
    aliases: [],
    syntax: ['.help <command>?'],
    summary: 'List the commands, or explain one.',
    description:
      'Without an argument lists every command; with one (with or without its dot) shows its syntax and examples.',
    examples: ['.help', '.help escalate', '.help .oncall'],
    permission: 'room.chat',
  },
];

/**
 * `.maint` is read by its own parser (shared/maintenance-command.ts) before the room's command parser, so it is no
 * CommandWord; `.help` lists and explains it all the same, from this entry (the full grammar is docs/COMMANDS.md).
 */
export const MAINT_HELP = {
  name: 'maint',
  syntax: [
    '.maint <scope> <duration> [at <time>] [ticket=<ref>] <reason>',
    '.maint <scope> every <days> <HH:MM>-<HH:MM> [until <time>] [ticket=<ref>] <reason>',
    '.maint list',
    '.maint extend <id> <duration>',
    '.maint end <id>',
  ],
  summary: 'Make, list, extend or end maintenance windows.',
  description:
    'A scope is a device glob, all, a label selector {job="node", instance=~"db.*"}, or device=, component=, ' +
    'class=, system=, group= terms (comma lists; several narrow it together). A duration is 90m, 2h, 1d: more ' +
    "than 0, at most 30 days. Times are in the customer's time zone. Alerts a window covers are marked and not " +
    'paged; listing is for everyone, the rest for staff. More in docs/COMMANDS.md.',
  examples: [
    '.maint x7.acme.com 2h kernel patching',
    '.maint db*.acme.com 4h at 22:00 ticket=CHG-1234 storage firmware',
    '.maint {job="node", instance=~"db[0-9]+:9100"} 30m node exporter upgrade',
    '.maint all every Sun 02:00-04:00 weekly backups',
    '.maint list',
    '.maint extend 12 1h',
    '.maint end 12',
  ],
} as const;

/** What `.help` can explain: a command word, or `maint`. */
export type HelpTopic = CommandWord | typeof MAINT_HELP.name;

/** The spec for a typed command word or alias (case-insensitive, leading dot optional), or undefined. */
export function findCommandSpec(word: string): CommandSpec | undefined {
  const key = (word.startsWith('.') ? word.slice(1) : word).toLowerCase();
  return COMMAND_CATALOG.find((spec) => spec.name === key || spec.aliases.includes(key));
}

/** Every word that names a command, canonical names and aliases, for suggestions and completion. */
export function allCommandWords(): string[] {
  return COMMAND_CATALOG.flatMap((spec) => [spec.name, ...spec.aliases]);
}
