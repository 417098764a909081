/**
 * Paging targets: slash-separated paths such as `casc/int/systems`, `casc/romel` or `acme/oncall`.
 */
import { z } from 'zod';

/** Most segments a paging path may have. */
export const MAX_TARGET_SEGMENTS = 6;

/** A whole valid target: 1-6 lowercase segments of [a-z0-9_-] joined by `/`. */
export const TARGET_PATTERN = /^[a-z0-9_-]+(?:\/[a-z0-9_-]+){0,5}$/;

export const TargetSchema = z
  .string()
  .regex(TARGET_PATTERN, 'target must be 1-6 lowercase segments of a-z, 0-9, _ or - joined by /');

/** Why a piece of text is not a target, phrased for the person who typed it. */
export interface TargetProblem {
  message: string;
  hint?: string;
}

/** Checks a would-be target; returns null when valid, else what is wrong and how to fix it. */
export function checkTarget(text: string): TargetProblem | null {
  if (TARGET_PATTERN.test(text)) return null;
  if (text === '') return { message: 'The target is empty.', hint: 'A target is a paging path like casc/int/systems.' };
  const lower = text.toLowerCase();
  // Case is the commonest slip (phones capitalise); say so instead of a generic charset complaint.
  if (lower !== text && TARGET_PATTERN.test(lower)) {
    return { message: `Target "${text}" has capital letters; targets are lowercase.`, hint: `Did you mean ${lower}?` };
  }
  const segments = text.split('/');
  if (segments.some((segment) => segment === '')) {
    return {
      message: `Target "${text}" has an empty segment (a leading, trailing or doubled "/").`,
      hint: 'Write it like casc/int/systems.',
    };
  }
  const bad = [...text].find((ch) => !/[a-z0-9_/-]/.test(ch.toLowerCase()));
  if (bad !== undefined) {
    const shown = /\s/.test(bad) ? 'a space' : `"${bad}"`;
    return {
      message: `Target "${text}" contains ${shown}; segments use only a-z, 0-9, _ and -.`,
      hint: 'A target is a paging path like casc/int/systems.',
    };
  }
  if (segments.length > MAX_TARGET_SEGMENTS) {
    return {
      message: `Target "${text}" has ${segments.length} segments; at most ${MAX_TARGET_SEGMENTS} are allowed.`,
    };
  }
  return { message: `Target "${text}" is not a valid paging path.`, hint: 'Write it like casc/int/systems.' };
}
