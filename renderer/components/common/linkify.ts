/**
 * Bare web addresses in plain text (operator notes, room lines, annotations) as link segments. The scan is one
 * linear pass of a regular expression with no nested repetition, so a hostile line cannot stall the window.
 */

/** A piece of text: plain, or a link whose text is the address itself. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) addresses up to whitespace or a character that cannot end one in running text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation after an address belongs to the sentence ("see https://x.example/a.").
const TRAILING = /[.,;:!?)\]}]+$/;

/** Splits `text` into plain and link segments, in order; the segments' texts join back to `text`. */
export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    let address = match[0];
    const trailing = TRAILING.exec(address);
    // A closing bracket stays when the address opened one itself, as Wikipedia-style links do.
    if (trailing !== null) {
      let cut = trailing[0];
      if (cut.startsWith(')') && address.includes('(')) cut = cut.slice(1);
      address = address.slice(0, address.length - cut.length);
    }
    if (address.length <= 'https://'.length) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: address, href: address });
    last = start + address.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
