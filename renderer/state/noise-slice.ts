/** Each customer's noise view as COSS last answered it: the report for the period chosen, and the weekly trend. */
import type { HostError, NoiseViewPeriod } from '../../shared/host/contract.ts';
import type { NoiseReport, NoiseTrend } from '../../shared/noise.ts';

export interface NoiseView {
  period: NoiseViewPeriod;
  /** the report for `period`; null until COSS answers (or when it did not) */
  report: NoiseReport | null;
  trend: NoiseTrend | null;
  /** why COSS did not answer the last time it was asked; null when it did */
  error: HostError | null;
  /** true while a question is out */
  loading: boolean;
}

export interface NoiseSlice {
  /** by customer slug; a customer whose view was never opened has no entry */
  noise: Readonly<Record<string, NoiseView>>;
}

export function initialNoise(): NoiseSlice {
  return { noise: {} };
}
