/**
 * Seeded fault injection, as the PagerDuty simulator's: every request draws the same three numbers whether or not
 * it gets a fault, so the n-th request's fate depends only on the seed and n and a failing test replays exactly.
 */
import { seededRandom } from '../pagerduty/seeded-random.ts';
import type { FaultConfig, FaultKind, FaultPhase, FaultRecord } from './types.ts';

export interface FaultDecision {
  kind: FaultKind;
  phase: FaultPhase;
}

export class FaultInjector {
  private random: () => number = seededRandom(1);
  private seq = 0;
  readonly records: FaultRecord[] = [];

  constructor(private config: FaultConfig | null) {
    this.set(config);
  }

  set(config: FaultConfig | null): void {
    if (config && !(config.rate >= 0 && config.rate <= 1)) {
      throw new RangeError(`fault rate must be within [0, 1], got ${config.rate}`);
    }
    this.config = config;
    this.random = seededRandom(config?.seed ?? 1);
    this.seq = 0;
  }

  /** The fate of one request; null when it goes through untouched. */
  decide(method: string, path: string): FaultDecision | null {
    const config = this.config;
    if (config === null || config.kinds.length === 0) return null;
    if (config.methods && !config.methods.includes(method)) return null;
    this.seq += 1;
    const hit = this.random();
    const kindDraw = this.random();
    const phaseDraw = this.random();
    if (hit >= config.rate) return null;
    const kind = config.kinds[Math.floor(kindDraw * config.kinds.length)] ?? config.kinds[0];
    if (kind === undefined) return null;
    const setting = config.phase ?? 'before';
    const phase: FaultPhase = setting === 'both' ? (phaseDraw < 0.5 ? 'before' : 'after') : setting;
    this.records.push({ seq: this.seq, method, path, kind, phase });
    return { kind, phase };
  }
}
