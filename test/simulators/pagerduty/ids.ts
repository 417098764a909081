/**
 * Deterministic PagerDuty-looking ids (P + 6 upper-case alphanumerics). Deterministic so two runs of a test
 * produce the same ids and a failure message can be compared across runs.
 */
export class IdGenerator {
  private readonly counters = new Map<string, number>();

  next(letter: string): string {
    const n = (this.counters.get(letter) ?? 0) + 1;
    this.counters.set(letter, n);
    return `P${letter}${n.toString(36).toUpperCase().padStart(5, '0')}`;
  }

  reset(): void {
    this.counters.clear();
  }
}
