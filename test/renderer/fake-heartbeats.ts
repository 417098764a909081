/**
 * The fake host's heartbeats: a few per customer in each state but missed, listed only while the fake is live (as
 * the core refuses while COSS is away), and a handle for tests to change one as COSS would (a miss, a ping, a new
 * one, a removal) and announce it with 'heartbeats.changed'. Pure TypeScript, like the fake host.
 */
import { heartbeatStateAt, type Heartbeat } from '../../shared/heartbeat.ts';
import type { HostArgs, HostError, HostResponse, HostResult } from '../../shared/host/contract.ts';

export interface FakeHeartbeatsParts {
  /** an ISO time this many minutes before the fake's clock */
  iso: (minutesAgo: number) => string;
  now: number;
  isLive: () => boolean;
  announce: (customer: string) => void;
  fail: (code: HostError['code'], message: string) => HostResponse<never>;
}

/** What a test may change of a heartbeat: everything but who it is and the state, which follows from the rest. */
export type HeartbeatChange = Partial<Omit<Heartbeat, 'customer' | 'name' | 'state'>>;

export interface FakeHeartbeats {
  handlers: { 'heartbeats.list': (args: HostArgs<'heartbeats.list'>) => HostResponse<HostResult<'heartbeats.list'>> };
  /** sets (or makes) `customer`'s heartbeat `name`, or removes it (null), and announces the change */
  set(customer: string, name: string, change: HeartbeatChange | null): void;
}

const MINUTE = 60_000;

export function createFakeHeartbeats(parts: FakeHeartbeatsParts): FakeHeartbeats {
  const { iso } = parts;
  const heartbeats = new Map<string, Omit<Heartbeat, 'state'>>();
  const key = (customer: string, name: string): string => `${customer}/${name}`;

  function seed(
    customer: string,
    name: string,
    fields: {
      source?: Heartbeat['source'];
      interval: number;
      grace: number;
      pingedAgo: number | null;
      madeAgo: number;
    },
  ): void {
    const lastPingAt = fields.pingedAgo === null ? null : iso(fields.pingedAgo);
    const from = fields.pingedAgo ?? fields.madeAgo;
    heartbeats.set(key(customer, name), {
      customer,
      name,
      source: fields.source ?? 'ping',
      intervalMs: fields.interval * MINUTE,
      graceMs: fields.grace * MINUTE,
      lastPingAt,
      dueAt: iso(from - fields.interval - fields.grace),
      missedAt: null,
      alertNumber: null,
      createdAt: iso(fields.madeAgo),
    });
  }
  seed('acme', 'zenoss-acme', { interval: 5, grace: 2, pingedAgo: 3, madeAgo: 40_000 });
  seed('acme', 'watchdog', { source: 'watchdog', interval: 5, grace: 5, pingedAgo: 1, madeAgo: 20_000 });
  seed('acme', 'backup-nightly', { interval: 1440, grace: 120, pingedAgo: 720, madeAgo: 90_000 });
  seed('acme', 'new-collector', { interval: 10, grace: 2, pingedAgo: null, madeAgo: 4 });
  seed('globex', 'zenoss-globex', { interval: 5, grace: 2, pingedAgo: 2, madeAgo: 30_000 });

  return {
    handlers: {
      'heartbeats.list': ({ customer }) => {
        if (!parts.isLive())
          return parts.fail(
            'unavailable',
            'Heartbeats need COSS live: COSS judges their state when asked, and it is not reachable now. Try again when the banner says live.',
          );
        const value = [...heartbeats.values()]
          .filter((heartbeat) => heartbeat.customer === customer)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((heartbeat) => ({ ...heartbeat, state: heartbeatStateAt(heartbeat, parts.now) }));
        return { ok: true, value };
      },
    },
    set(customer, name, change) {
      if (change === null) heartbeats.delete(key(customer, name));
      else {
        const before = heartbeats.get(key(customer, name)) ?? {
          customer,
          name,
          source: 'ping' as const,
          intervalMs: 5 * MINUTE,
          graceMs: 2 * MINUTE,
          lastPingAt: null,
          dueAt: iso(-7),
          missedAt: null,
          alertNumber: null,
          createdAt: iso(0),
        };
        heartbeats.set(key(customer, name), { ...before, ...change });
      }
      parts.announce(customer);
    },
  };
}
