/**
 * Edit distance and "did you mean" suggestions for mistyped command words.
 */

/** Optimal-string-alignment distance: Levenshtein plus adjacent swaps, since `.cak` is a typo of `.ack`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/** How far a typo may be from a word and still be suggested: short words allow fewer edits. */
export function typoBudget(word: string): number {
  return word.length <= 3 ? 1 : 2;
}

/**
 * Candidates close to the input, best first: unique prefixes of a candidate count as close
 * (`.esc` → `.escalate`), then anything within the typo budget, ties kept in candidate order.
 */
export function closestMatches(input: string, candidates: readonly string[]): string[] {
  const typed = input.toLowerCase();
  if (typed === '') return [];
  const scored: { word: string; score: number; order: number }[] = [];
  candidates.forEach((word, order) => {
    if (word.startsWith(typed)) {
      scored.push({ word, score: 0, order });
      return;
    }
    const distance = editDistance(typed, word);
    if (distance <= typoBudget(word)) scored.push({ word, score: distance, order });
  });
  scored.sort((x, y) => x.score - y.score || x.order - y.order);
  return scored.map((entry) => entry.word);
}
