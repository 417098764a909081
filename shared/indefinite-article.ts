/**
 * "a" or "an" before a word, so the bot's lines read "an urgent ticket" and "a high ticket". By the first letter:
 * right for every word the bot puts after an article (priorities, severities); words whose sound differs from their
 * spelling ("an hour", "a unit") are not among them.
 */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
