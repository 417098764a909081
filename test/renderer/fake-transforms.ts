/**
 * The fake host's transforms: a few of Acme's, by id and name, and COSS's refusal of a page about an alert one of
 * them suppressed (409 `suppressed_by_transform`, worded for the room as COSS words it, with the hold naming the
 * transform). Pure TypeScript, like the fake host.
 */
import type { AlertView, HostError } from '../../shared/host/contract.ts';

/** Seeded transforms: customer → id → name. */
const NAMES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  acme: { 12: 'web farm link flaps', 14: 'backup job chatter' },
};

export interface FakeTransforms {
  /** the refusal of an unforced page about a suppressed alert, or null when it may go */
  pageRefusal(alert: AlertView | undefined, force: boolean): HostError | null;
}

export function createFakeTransforms(): FakeTransforms {
  return {
    pageRefusal(alert, force) {
      const id = alert?.suppressedBy ?? null;
      if (alert === undefined || id === null || force) return null;
      const name = NAMES[alert.customer]?.[id] ?? `transform ${id}`;
      return {
        code: 'suppressed_by_transform',
        message: `event ${alert.number} was suppressed by transform #${id} ("${name}"), so I have not paged it. To page anyway, put --force after the brackets.`,
        hold: { code: 'suppressed_by_transform', windows: [], transform: { id, name } },
      };
    },
  };
}
