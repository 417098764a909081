/**
 * The fake host's transforms: two of Acme's, listed, previewed over the fake's own alerts with the shared matcher
 * (shared/transforms.ts, the same code COSS runs), made and turned off or on; and COSS's refusal of a page about an
 * alert one of them suppressed (409 `suppressed_by_transform`, worded for the room, the hold naming the transform).
 * Lists and changes only while the fake is live, as the core refuses while COSS is away. Pure TypeScript.
 */
import type { AlertView, HostArgs, HostError, HostResponse, HostResult } from '../../shared/host/contract.ts';
import {
  compileTransformMatch,
  type Transform,
  type TransformAction,
  type TransformMatch,
} from '../../shared/transforms.ts';

export interface FakeTransformsParts {
  alerts: ReadonlyMap<number, AlertView>;
  now: number;
  isLive: () => boolean;
  fail: (code: HostError['code'], message: string, field?: string) => HostResponse<never>;
}

type Name = 'transforms.list' | 'transforms.preview' | 'transforms.create' | 'transforms.setEnabled';

export interface FakeTransforms {
  handlers: { [N in Name]: (args: HostArgs<N>) => HostResponse<HostResult<N>> };
  /** the refusal of an unforced page about a suppressed alert, or null when it may go */
  pageRefusal(alert: AlertView | undefined, force: boolean): HostError | null;
}

export function createFakeTransforms(parts: FakeTransformsParts): FakeTransforms {
  const at = new Date(parts.now - 86_400_000).toISOString();
  const seeded = (id: number, name: string, match: Transform['match']): Transform => ({
    id,
    customer: 'acme',
    name,
    position: 100,
    enabled: true,
    match,
    actions: [{ type: 'suppress' }],
    version: 1,
    createdBy: 'NOC',
    createdAt: at,
    updatedBy: 'NOC',
    updatedAt: at,
  });
  const transforms = new Map<number, Transform>([
    [12, seeded(12, 'web farm link flaps', { eventClass: '/Net/Link', device: 'web*.acme.com' })],
    [14, seeded(14, 'backup job chatter', { component: 'bacula' })],
  ]);
  let nextId = 20;
  const ok = <T>(value: T): HostResponse<T> => ({ ok: true, value });
  const away = () =>
    parts.fail(
      'unavailable',
      'Transforms need COSS live: transforms run in COSS on every new event, and COSS is not reachable now; nothing was changed.',
    );

  return {
    handlers: {
      'transforms.list': ({ customer }) => {
        if (!parts.isLive()) return away();
        return ok([...transforms.values()].filter((transform) => transform.customer === customer));
      },
      'transforms.preview': ({ customer, transform }) => {
        if (!parts.isLive()) return away();
        // No zod here: the fake runs in the page, whose CSP forbids zod's eval (the renderer sets jitless, the fake's
        // own copy of zod does not). The matcher is the shared one COSS runs.
        const compiled = compileTransformMatch(transform.match as TransformMatch);
        if (!compiled.ok) return parts.fail('invalid_arguments', compiled.issue.message, compiled.issue.field);
        const matched = [...parts.alerts.values()]
          .filter((alert) => alert.customer === customer)
          .filter((alert) => compiled.matches({ ...alert, labels: alert.labels, prodState: alert.prodState ?? null }))
          .sort((a, b) => b.number - a.number);
        const count = {
          alerts: matched.length,
          occurrences: matched.reduce((sum, alert) => sum + alert.count, 0),
          samples: matched.slice(0, 10).map((alert) => alert.number),
        };
        return ok({
          days: transform.days ?? 7,
          since: new Date(parts.now - (transform.days ?? 7) * 86_400_000).toISOString(),
          scanned: parts.alerts.size,
          complete: true,
          matched: count,
          changes: Object.fromEntries(transform.actions.map((action) => [action.type, count])),
        });
      },
      'transforms.create': ({ customer, transform }) => {
        if (!parts.isLive()) return away();
        const made: Transform = {
          id: nextId++,
          customer,
          name: transform.name.trim(),
          position: transform.position ?? 100,
          enabled: transform.enabled ?? true,
          match: transform.match as TransformMatch,
          actions: transform.actions as TransformAction[],
          version: 1,
          createdBy: 'NOC',
          createdAt: new Date(parts.now).toISOString(),
          updatedBy: 'NOC',
          updatedAt: new Date(parts.now).toISOString(),
        };
        transforms.set(made.id, made);
        return ok(made);
      },
      'transforms.setEnabled': ({ customer, id, enabled }) => {
        if (!parts.isLive()) return away();
        const transform = transforms.get(id);
        if (transform === undefined || transform.customer !== customer)
          return parts.fail('not_found', `there is no transform ${id}`);
        const next = {
          ...transform,
          enabled,
          version: transform.version + 1,
          updatedAt: new Date(parts.now).toISOString(),
        };
        transforms.set(id, next);
        return ok(next);
      },
    },
    pageRefusal(alert, force) {
      const id = alert?.suppressedBy ?? null;
      if (alert === undefined || id === null || force) return null;
      const name = transforms.get(id)?.name ?? '';
      return {
        code: 'suppressed_by_transform',
        message: `event ${alert.number} was suppressed by transform #${id} ("${name}"), so I have not paged it. To page anyway, put --force after the brackets.`,
        hold: { code: 'suppressed_by_transform', windows: [], transform: { id, name } },
      };
    },
  };
}
