/**
 * Room command grammar: parse, validate, format, complete and document the commands typed in an ops room.
 * Pure TypeScript: no node:*, no DOM, no electron.
 */
export {
  COMMAND_CATALOG,
  COMMAND_WORDS,
  PAGE_PRIORITIES,
  PAGE_WORD_BY_PRIORITY,
  allCommandWords,
  findCommandSpec,
  type CommandSpec,
  type CommandWord,
  type PagePriority,
} from './catalog.ts';
export { applyCompletion, completeCommand, type CompletionCandidate, type CompletionContext, type CompletionKind, type CompletionResult } from './complete.ts';
export { closestMatches, editDistance } from './edit-distance.ts';
export { PARSE_ERROR_CODES, type ParseError, type ParseErrorCode } from './errors.ts';
export { EventRefSchema, MAX_EVENT_NUMBER, formatEventRef, parseEventRef, type EventRef, type EventRefResult } from './event-ref.ts';
export { formatChat, formatCommand } from './format.ts';
export { formatHelp } from './help.ts';
export { parseCommand, type ParseResult } from './parse.ts';
export { commandPermission } from './permission.ts';
export {
  AckCommandSchema,
  CommandSchema,
  CommandTextSchema,
  CommandWordSchema,
  EscalateCommandSchema,
  HelpCommandSchema,
  MAX_ESCALATION_LEVEL,
  MIN_ESCALATION_LEVEL,
  NoteCommandSchema,
  PageCommandSchema,
  PagePrioritySchema,
  ReassignCommandSchema,
  ResolveCommandSchema,
  ReopenCommandSchema,
  WhoCommandSchema,
  type AckCommand,
  type Command,
  type CommandName,
  type EscalateCommand,
  type HelpCommand,
  type NoteCommand,
  type PageCommand,
  type ReassignCommand,
  type ResolveCommand,
  type ReopenCommand,
  type WhoCommand,
} from './schema.ts';
export { MAX_TARGET_SEGMENTS, TARGET_PATTERN, TargetSchema, checkTarget, type TargetProblem } from './target.ts';
