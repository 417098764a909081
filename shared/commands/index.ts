/**
 * Room command grammar: parse, validate, format, complete and document the commands typed in an ops room.
 * Pure TypeScript: no node:*, no DOM, no electron.
 */
export { COMMAND_CATALOG, COMMAND_WORDS, PAGE_PRIORITIES, findCommandSpec } from './catalog.ts';
export { applyCompletion, completeCommand, type CompletionContext, type CompletionResult } from './complete.ts';
export { closestMatches, editDistance } from './edit-distance.ts';
export { type ParseError, type ParseErrorCode } from './errors.ts';
export { MAX_EVENT_NUMBER, type EventRef } from './event-ref.ts';
export { formatChat, formatCommand } from './format.ts';
export { formatHelp } from './help.ts';
export { parseCommand, type ParseResult } from './parse.ts';
export { commandPermission } from './permission.ts';
export { CommandSchema, type Command, type CommandName } from './schema.ts';
export { checkTarget } from './target.ts';
