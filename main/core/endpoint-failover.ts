/**
 * One COSS deployment reached at several addresses (one per region, all on the same database and event log): which
 * address the console uses now, when it moves to the next, and when it goes back to the preferred (first) one. Pure
 * decisions over counts and probe answers, so the order and the timing are tested without sockets; ConsoleSync acts.
 *
 * Moving between endpoints loses nothing: every endpoint serves the same log, so the stream resumes by seq where the
 * last one stopped, and actions carry idempotency keys that every endpoint checks against the same table.
 */

/** Failed attempts in a row on one endpoint before the next is tried: one blip (a restart) is ridden out. */
export const DEFAULT_FAILOVER_AFTER_ATTEMPTS = 2;
/** How often the preferred endpoint's health is asked while the console is elsewhere. */
export const DEFAULT_PROBE_INTERVAL_MS = 5_000;
/** Healthy answers in a row before moving back, so a node that is still starting is not chosen and dropped again. */
export const DEFAULT_HEALTHY_PROBES_TO_RETURN = 2;

export interface EndpointTuning {
  failoverAfterAttempts?: number;
  probeIntervalMs?: number;
  healthyProbesToReturn?: number;
}

/** What the operator typed for one deployment: one URL, or several separated by commas, spaces or new lines. */
export function parseCossUrls(text: string): { urls: string[] } | { error: string } {
  const urls = text
    .split(/[\s,]+/)
    .map((url) => url.trim().replace(/\/+$/, ''))
    .filter((url) => url !== '');
  const bad = urls.find((url) => !/^https?:\/\/[^/\s]+/.test(url));
  if (bad !== undefined)
    return { error: `${bad} is not a COSS URL: each must start with http:// or https://, e.g. https://coss.example.` };
  const unique = [...new Set(urls)];
  if (unique.length > 8) return { error: `${unique.length} COSS URLs given: at most 8 endpoints per deployment.` };
  return { urls: unique };
}

export class EndpointRotation {
  private index = 0;
  /** failures counted on the current endpoint since it was chosen or last went live */
  private failuresHere = 0;
  private healthyProbes = 0;
  private readonly failoverAfter: number;
  private readonly healthyToReturn: number;

  constructor(
    readonly urls: readonly string[],
    tuning: EndpointTuning = {},
  ) {
    if (urls.length === 0) throw new Error('a deployment needs at least one COSS URL');
    this.failoverAfter = Math.max(1, tuning.failoverAfterAttempts ?? DEFAULT_FAILOVER_AFTER_ATTEMPTS);
    this.healthyToReturn = Math.max(1, tuning.healthyProbesToReturn ?? DEFAULT_HEALTHY_PROBES_TO_RETURN);
  }

  get current(): string {
    return this.urls[this.index] as string;
  }

  get currentIndex(): number {
    return this.index;
  }

  get preferred(): string {
    return this.urls[0] as string;
  }

  get onPreferred(): boolean {
    return this.index === 0;
  }

  /** The stream (or the first snapshot) went live here: failures start over. */
  live(): void {
    this.failuresHere = 0;
  }

  /**
   * One more failed attempt on the current endpoint. Returns the endpoint to move to when it is time (the next in
   * order, wrapping around to the first), else null: stay and retry here.
   */
  failed(): string | null {
    this.failuresHere += 1;
    if (this.urls.length < 2 || this.failuresHere < this.failoverAfter) return null;
    this.moveTo((this.index + 1) % this.urls.length);
    return this.current;
  }

  /**
   * One answer from the preferred endpoint's health check while elsewhere. Returns true when it is time to move
   * back: it answered healthy this many times in a row.
   */
  probed(healthy: boolean): boolean {
    if (this.onPreferred) return false;
    this.healthyProbes = healthy ? this.healthyProbes + 1 : 0;
    if (this.healthyProbes < this.healthyToReturn) return false;
    this.moveTo(0);
    return true;
  }

  /** Moves to an endpoint by its place in the list (the operator asked, or a probe said the preferred is back). */
  moveTo(index: number): void {
    if (index < 0 || index >= this.urls.length) throw new Error(`no COSS endpoint ${index + 1}`);
    this.index = index;
    this.failuresHere = 0;
    this.healthyProbes = 0;
  }
}

/** The preferred endpoint's readiness (`GET /readyz`: the node and its database answer), within a bound. */
export async function probeCossHealth(url: string, timeoutMs = 2_000): Promise<{ healthy: boolean; reason: string }> {
  try {
    const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok
      ? { healthy: true, reason: 'ready' }
      : { healthy: false, reason: `it answers HTTP ${response.status} to its health check` };
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    return { healthy: false, reason: `its health check got no answer (${cause})` };
  }
}
