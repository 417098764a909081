/**
 * Seeded fault injection. Every request to a targeted API draws the same three numbers whether or not it gets a
 * fault, so the n-th request's fate depends only on the seed and n: a failing test replays exactly.
 */
import { seededRandom } from './seeded-random.ts';
import type { FaultConfig, FaultKind, FaultPhase, FaultRecord, FaultTarget } from './types.ts';

export interface FaultDecision {
  kind: FaultKind;
  phase: FaultPhase;
}

export class FaultInjector {
  private random: () => number;
  private seq = 0;
  readonly records: FaultRecord[] = [];

  constructor(private config: FaultConfig | null) {
    this.random = seededRandom(config?.seed ?? 1);
    validate(config);
  }

  set(config: FaultConfig | null): void {
    validate(config);
    this.config = config;
    this.random = seededRandom(config?.seed ?? 1);
    this.seq = 0;
  }

  /** Decide the fate of one request; null when it goes through untouched. */
  decide(target: FaultTarget, method: string, path: string, dedupKey?: string): FaultDecision | null {
    const config = this.config;
    if (config === null || config.kinds.length === 0) return null;
    if (!(config.targets ?? ['events']).includes(target)) return null;
    this.seq += 1;
    const hit = this.random();
    const kindDraw = this.random();
    const phaseDraw = this.random();
    if (hit >= config.rate) return null;
    const kind = config.kinds[Math.floor(kindDraw * config.kinds.length)] ?? config.kinds[0];
    if (kind === undefined) return null;
    const phaseSetting = config.phase ?? 'before';
    const phase: FaultPhase = phaseSetting === 'both' ? (phaseDraw < 0.5 ? 'before' : 'after') : phaseSetting;
    this.records.push({
      seq: this.seq,
      target,
      method,
      path,
      kind,
      phase,
      ...(dedupKey === undefined ? {} : { dedupKey }),
    });
    return { kind, phase };
  }
}

function validate(config: FaultConfig | null): void {
  if (config === null) return;
  if (!(config.rate >= 0 && config.rate <= 1))
    throw new RangeError(`fault rate must be within [0, 1], got ${config.rate}`);
}
