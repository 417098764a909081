/**
 * Parse errors: a stable code for programs, a message and hint for people, and where it went wrong.
 */

export const PARSE_ERROR_CODES = [
  'empty_command',
  'unknown_command',
  'missing_open_bracket',
  'missing_close_bracket',
  'missing_target',
  'bad_target',
  'missing_event',
  'bad_event',
  'missing_message',
  'bad_level',
  'level_out_of_range',
  'missing_text',
  'unexpected_argument',
  'unknown_help_topic',
  'bad_period',
  'missing_action',
  'missing_priority',
  'bad_duration',
] as const;
export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number];

export interface ParseError {
  code: ParseErrorCode;
  /** One sentence naming what was wrong and what was seen. */
  message: string;
  /** 1-based column (UTF-16 code units) of the offending text, when there is a place to point at. */
  column?: number;
  /** What to type instead, often a corrected line or "did you mean". */
  hint?: string;
}

/** Builds a ParseError, leaving out column and hint when there is none (keeps results easy to compare). */
export function parseError(code: ParseErrorCode, message: string, index?: number, hint?: string): ParseError {
  const error: ParseError = { code, message };
  if (index !== undefined) error.column = index + 1;
  if (hint !== undefined) error.hint = hint;
  return error;
}
