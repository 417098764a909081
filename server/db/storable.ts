/**
 * What PostgreSQL can store. JSON may carry NUL (`\u0000`) and unpaired UTF-16 surrogates, and JavaScript dates
 * reach far past PostgreSQL's range; either one used to fail the whole transaction with a 500 (and, under group
 * commit, every other request in the same batch with it).
 */

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. NUL is the point.
// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL cannot store
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- the same test, without replacing
const HAS_UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `text` with NUL and unpaired surrogates replaced by U+FFFD (same length, so length limits still hold). */
export function storableText(text: string): string {
  return HAS_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, '\ufffd') : text;
}

/**
 * Makes every string (values and keys) of a parsed JSON value storable, in place; returns the value.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        const item = node[i];
        if (typeof item === 'string') node[i] = storableText(item);
        else if (typeof item === 'object' && item !== null) stack.push(item);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const item = node[key];
      const fixed = typeof item === 'string' ? storableText(item) : item;
      const fixedKey = storableText(key);
      if (fixedKey !== key) {
        delete node[key];
        node[fixedKey] = fixed;
      } else if (fixed !== item) {
        node[key] = fixed;
      }
      if (typeof item === 'object' && item !== null) stack.push(item);
    }
  }
  return value;
}

/** Whether PostgreSQL's timestamptz can hold `date` as we write it (ISO-8601, years 1 to 9999). */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return Number.isFinite(year) && year >= 1 && year <= 9999;
}

/** The largest value of an `integer` column. */
export const MAX_INT4 = 2_147_483_647;
