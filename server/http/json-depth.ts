/**
 * How deeply a JSON text nests, counted over its characters without parsing it. A body nested thousands of levels
 * deep parses, but everything that later walks it recursively (JSON.stringify, PostgreSQL's jsonb input) overflows
 * its stack; checking the text first turns that into a 400 in linear time.
 */

/** Whether `text` opens more than `limit` arrays or objects inside one another (brackets inside strings do not count). */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i += 1; // backslash: the next character is escaped, whatever it is
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}
