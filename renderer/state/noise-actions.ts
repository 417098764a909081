/**
 * The noise view's data (`g N`): the customer's noise report for a period and its weekly trend, asked of COSS through
 * the host each time the view opens or the period changes. The core refuses while COSS is away (an old copy is not a
 * report); the view then says so.
 */
import { errorMessage } from '../../shared/error-message.ts';
import type { HostError, HostResponse, NoiseViewPeriod } from '../../shared/host/contract.ts';
import { currentHost } from './host-binding.ts';
import type { NoiseView } from './noise-slice.ts';
import { getState, setState } from './store.ts';

function patch(customer: string, change: Partial<NoiseView>): void {
  setState((state) => {
    const before: NoiseView = state.noise[customer] ?? {
      period: '7d',
      report: null,
      trend: null,
      error: null,
      loading: false,
    };
    return { noise: { ...state.noise, [customer]: { ...before, ...change } } };
  });
}

async function ask<T>(request: () => Promise<HostResponse<T>>): Promise<HostResponse<T>> {
  try {
    return await request();
  } catch (error) {
    // The host went away mid-request (a closed socket): as good as COSS not answering.
    return { ok: false, error: { code: 'unavailable', message: errorMessage(error) } };
  }
}

/** Asks for `customer`'s report over `period` (the one last chosen, else 7 days) and the trend; null when both came. */
export async function loadNoise(customer: string, period?: NoiseViewPeriod): Promise<HostError | null> {
  const chosen = period ?? getState().noise[customer]?.period ?? '7d';
  const previous = getState().noise[customer];
  // A new period's figures replace the old ones only when they come: the table keeps its place meanwhile.
  patch(customer, { period: chosen, loading: true, report: previous?.period === chosen ? previous.report : null });
  const host = currentHost();
  const [report, trend] = await Promise.all([
    ask(() => host.invoke('noise.report', { customer, since: chosen, top: 10 })),
    ask(() => host.invoke('noise.trend', { customer, weeks: 12 })),
  ]);
  // Another period asked for meanwhile: its answer is the one to show.
  if (getState().noise[customer]?.period !== chosen) return null;
  const error = !report.ok ? report.error : !trend.ok ? trend.error : null;
  patch(customer, {
    loading: false,
    error,
    ...(report.ok ? { report: report.value } : {}),
    ...(trend.ok ? { trend: trend.value } : {}),
  });
  return error;
}
