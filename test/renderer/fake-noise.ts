/**
 * The fake host's noise report and trend: Acme's noisiest families (figures scaled by the period, so switching it
 * shows different numbers) and twelve weeks of trend, answered only while the fake is live (as the core refuses while
 * COSS is away). Pure TypeScript, like the fake host.
 */
import type { HostArgs, HostError, HostResponse, HostResult } from '../../shared/host/contract.ts';
import type { NoiseFamily } from '../../shared/noise.ts';

export interface FakeNoiseParts {
  now: number;
  isLive: () => boolean;
  fail: (code: HostError['code'], message: string) => HostResponse<never>;
}

type Handler<N extends 'noise.report' | 'noise.trend'> = (args: HostArgs<N>) => HostResponse<HostResult<N>>;

export interface FakeNoise {
  handlers: { 'noise.report': Handler<'noise.report'>; 'noise.trend': Handler<'noise.trend'> };
}

const NO_NOTES = { tier: '', device: '', ruleIds: [] };
const DAYS: Readonly<Record<string, number>> = { '24h': 1, '7d': 7, '30d': 30 };

/** Acme's families over 7 days. */
export const ACME_FAMILIES: ReadonlyArray<Omit<NoiseFamily, 'share'>> = [
  {
    family: 'zenoss|/net/link|eth0|web#.acme.com',
    label: '/Net/Link · eth0 · web#.acme.com',
    occurrences: 4812,
    alerts: 1604,
    devices: 12,
    acknowledged: 3,
    paged: 0,
    noted: 1,
    clearedUntouched: 1597,
    medianOpenSeconds: 94,
    flapsPerHour: 9.5,
    notes: NO_NOTES,
    classification: 'unclassified',
    latestNumber: 32986,
  },
  {
    family: 'prometheus|HighLoad|node',
    label: 'HighLoad (job node)',
    occurrences: 2210,
    alerts: 310,
    devices: 41,
    acknowledged: 12,
    paged: 2,
    noted: 4,
    clearedUntouched: 291,
    medianOpenSeconds: 1260,
    flapsPerHour: 1.8,
    notes: { tier: 'Tier 1: check the batch schedule before paging.', device: '', ruleIds: [3] },
    classification: 'unclassified',
    latestNumber: 32970,
  },
  {
    family: 'zenoss|/status/web|httpd|fisheye.acme.com',
    label: '/Status/Web · httpd · fisheye.acme.com',
    occurrences: 980,
    alerts: 40,
    devices: 1,
    acknowledged: 38,
    paged: 9,
    noted: 22,
    clearedUntouched: 1,
    medianOpenSeconds: 2700,
    flapsPerHour: 0.2,
    notes: { tier: 'Tier 1: check systemctl status httpd.', device: 'fisheye runs out of heap.', ruleIds: [1] },
    classification: 'actionable',
    latestNumber: 32962,
  },
  {
    family: 'zenoss|/app/backup|bacula|backup.acme.com',
    label: '/App/Backup · bacula · backup.acme.com',
    occurrences: 610,
    alerts: 305,
    devices: 1,
    acknowledged: 0,
    paged: 0,
    noted: 0,
    clearedUntouched: 305,
    medianOpenSeconds: 30,
    flapsPerHour: 1.8,
    notes: NO_NOTES,
    classification: 'noise',
    latestNumber: 32973,
  },
  {
    family: 'zenoss|/perf/snmp|snmp|web#.acme.com',
    label: '/Perf/Snmp · snmp · web#.acme.com',
    occurrences: 122,
    alerts: 61,
    devices: 3,
    acknowledged: 0,
    paged: 0,
    noted: 0,
    clearedUntouched: 58,
    medianOpenSeconds: null,
    flapsPerHour: 0.36,
    notes: NO_NOTES,
    classification: 'unclassified',
    latestNumber: 32983,
  },
];

/** Twelve weeks: volume falling as families are classified and suppressed. */
function trendWeeks(now: number, weeks: number) {
  const monday = new Date(now);
  monday.setUTCHours(0, 0, 0, 0);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return Array.from({ length: weeks }, (_, index) => {
    const age = weeks - 1 - index;
    const start = new Date(monday.getTime() - age * 7 * 86_400_000);
    const progress = index / Math.max(1, weeks - 1);
    return {
      weekStart: start.toISOString(),
      occurrences: Math.round(14_000 - 6_500 * progress + (index % 3) * 400),
      actionableShare: Math.round((0.08 + 0.2 * progress) * 1000) / 1000,
      suppressedShare: Math.round(0.45 * progress * progress * 1000) / 1000,
    };
  });
}

export function createFakeNoise(parts: FakeNoiseParts): FakeNoise {
  const away = () =>
    parts.fail(
      'unavailable',
      'The noise report needs COSS live: COSS counts it from its stored events when asked, and it is not reachable now. Try again when the banner says live.',
    );
  return {
    handlers: {
      'noise.report': ({ customer, since, top }) => {
        if (!parts.isLive()) return away();
        const scale = (DAYS[since] ?? 7) / 7;
        const families = (customer === 'acme' ? ACME_FAMILIES : []).map((family) => ({
          ...family,
          occurrences: Math.max(1, Math.round(family.occurrences * scale)),
          alerts: Math.max(1, Math.round(family.alerts * scale)),
          clearedUntouched: Math.round(family.clearedUntouched * scale),
        }));
        const occurrences = Math.round(families.reduce((sum, family) => sum + family.occurrences, 0) * 1.25);
        return {
          ok: true,
          value: {
            customer,
            since: new Date(parts.now - (DAYS[since] ?? 7) * 86_400_000).toISOString(),
            until: new Date(parts.now).toISOString(),
            occurrences,
            families: families
              .slice(0, top ?? 10)
              .map((family) => ({ ...family, share: occurrences === 0 ? 0 : family.occurrences / occurrences })),
          },
        };
      },
      'noise.trend': ({ customer, weeks }) => {
        if (!parts.isLive()) return away();
        return { ok: true, value: { customer, weeks: customer === 'acme' ? trendWeeks(parts.now, weeks ?? 12) : [] } };
      },
    },
  };
}
