/**
 * Full-text search over escalation notes, as every side does it: the core over its cached bundle, the renderer
 * when it marks the matched words, the test host's fake. One tokeniser, so a word the core matched is a word the
 * panel highlights.
 */

/** A note rule as search sees it: its name, what it matches, and its notes. */
export interface SearchableRule {
  id: number;
  name: string;
  match: Readonly<Record<string, unknown>>;
  tierNotes: string;
  deviceNotes: string;
}

/** An alert's notes or an operator's comment on an alert. */
export interface SearchableEntry {
  alertNumber: number;
  title: string;
  text: string;
}

/** One hit: a rule (`ruleId`) or an alert's note (`alertNumber`), with the text around the first term. */
export interface NotesSearchHit {
  alertNumber: number | null;
  ruleId: number | null;
  title: string;
  snippet: string;
}

/**
 * The query's words, lower-cased: runs of letters, digits and `._/-`, so a host name (`mail.acme.com`), a path
 * (`casc/int`) or a circuit id (`DIA-55821`) stays one word while punctuation around it does not count.
 */
export function noteSearchTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}._/-]+/u)
    .filter((term) => term !== '');
}

/** The text with whitespace flattened, cut to `width` around the first occurrence of `term`. */
export function noteSnippet(text: string, term: string, width = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const at = flat.toLowerCase().indexOf(term);
  if (at < 0 || flat.length <= width) return flat.slice(0, width);
  const start = Math.max(0, at - Math.floor(width / 3));
  return `${start > 0 ? '…' : ''}${flat.slice(start, start + width)}${start + width < flat.length ? '…' : ''}`;
}

/**
 * Every query term must occur (case-insensitive) in the title or text. Rule hits come first (they are the
 * runbook), then alert notes newest first (`entries` are given oldest first).
 */
export function searchNoteTexts(
  rules: readonly SearchableRule[],
  entries: readonly SearchableEntry[],
  query: string,
  limit = 50,
): NotesSearchHit[] {
  const wanted = noteSearchTerms(query);
  if (wanted.length === 0) return [];
  const first = wanted[0] ?? '';
  const matches = (haystack: string): boolean => {
    const lower = haystack.toLowerCase();
    return wanted.every((term) => lower.includes(term));
  };
  const hits: NotesSearchHit[] = [];
  for (const rule of rules) {
    const text = [rule.tierNotes, rule.deviceNotes].filter((part) => part !== '').join('\n\n');
    const matchText = Object.values(rule.match)
      .filter((value): value is string => typeof value === 'string')
      .join(' ');
    if (matches(`${rule.name} ${matchText} ${text}`))
      hits.push({ alertNumber: null, ruleId: rule.id, title: rule.name, snippet: noteSnippet(text, first) });
  }
  for (const entry of [...entries].reverse()) {
    if (matches(`${entry.title} ${entry.text}`)) {
      hits.push({
        alertNumber: entry.alertNumber,
        ruleId: null,
        title: entry.title,
        snippet: noteSnippet(entry.text, first),
      });
    }
  }
  return hits.slice(0, limit);
}
