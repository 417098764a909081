/**
 * The fake host's maintenance windows: made, listed, extended and ended in memory, marking the alerts their scope
 * covers (with the matcher COSS uses) and announcing the marks as COSS's stream would; a page about a marked alert
 * is refused naming the window unless forced, as COSS refuses it. Pure TypeScript, like the fake host.
 */
import { parseDuration } from '../../shared/duration.ts';
import type { AlertView, HostArgs, HostError, HostResponse, HostResult } from '../../shared/host/contract.ts';
import type { MaintenanceMark, MaintenanceWindow } from '../../shared/maintenance.ts';
import { compileScope } from '../../shared/maintenance-scope.ts';

type Channel = 'maintenance.list' | 'maintenance.create' | 'maintenance.update' | 'maintenance.end';

export interface FakeMaintenanceParts {
  alerts: Map<number, AlertView>;
  announce: (customer: string, changed: AlertView[]) => void;
  say: (customer: string, body: string) => void;
  fail: (code: HostError['code'], message: string, field?: string) => HostResponse<never>;
}

export interface FakeMaintenance {
  handlers: { [N in Channel]: (args: HostArgs<N>) => HostResponse<HostResult<N>> };
  /** COSS's refusal of a page about `number` (every window that covers it, longest first), or null when it may go */
  pageRefusal(number: number | null, force: boolean): HostError | null;
}

export function createFakeMaintenance(parts: FakeMaintenanceParts): FakeMaintenance {
  const windows = new Map<number, MaintenanceWindow>();
  let nextId = 1;

  const ok = <T>(value: T): HostResponse<T> => ({ ok: true, value });

  /** Marks every alert of the customer as its active windows say (the longest-lasting window is named). */
  function remark(customer: string): void {
    const active = [...windows.values()].filter((window) => window.customer === customer && window.state === 'active');
    const changed: AlertView[] = [];
    for (const alert of parts.alerts.values()) {
      if (alert.customer !== customer || alert.status === 'resolved') continue;
      let mark: MaintenanceMark | null = null;
      for (const window of active) {
        const compiled = compileScope(window.scope);
        if (!compiled.ok || !compiled.matches(alert)) continue;
        if (mark === null || (mark.until ?? '') < (window.activeUntil ?? '')) {
          mark = { windowId: window.id, source: 'window', reason: window.reason, until: window.activeUntil };
        }
      }
      if (JSON.stringify(mark) === JSON.stringify(alert.maintenance ?? null)) continue;
      const next = { ...alert, maintenance: mark, updatedAt: new Date().toISOString() };
      parts.alerts.set(alert.number, next);
      changed.push(next);
    }
    if (changed.length > 0) parts.announce(customer, changed);
  }

  const handlers: FakeMaintenance['handlers'] = {
    'maintenance.list': ({ customer }) =>
      ok([...windows.values()].filter((window) => window.customer === customer).reverse()),
    'maintenance.create': ({ customer, window: input }) => {
      const scope = input.scope ?? {};
      const compiled = compileScope(scope);
      if (!compiled.ok)
        return parts.fail(
          'invalid_arguments',
          `${compiled.issue.field}: ${compiled.issue.message}`,
          compiled.issue.field,
        );
      const ms = parseDuration(input.duration ?? '');
      if (ms === null || ms <= 0)
        return parts.fail('invalid_arguments', 'duration: expected a duration such as 2h', 'duration');
      const now = new Date();
      const endsAt = new Date(now.getTime() + ms).toISOString();
      const window: MaintenanceWindow = {
        id: nextId++,
        customer,
        scope,
        startsAt: now.toISOString(),
        endsAt,
        recurrence: null,
        reason: input.reason,
        ticket: input.ticket ?? null,
        createdBy: 'NOC',
        createdAt: now.toISOString(),
        endedAt: null,
        endedBy: null,
        state: 'active',
        activeUntil: endsAt,
        nextStart: null,
      };
      windows.set(window.id, window);
      parts.say(customer, `Maintenance window ${window.id} started by NOC: ${window.reason}.`);
      remark(customer);
      return ok(window);
    },
    'maintenance.update': ({ customer, id, patch }) => {
      const window = windows.get(id);
      if (window === undefined || window.customer !== customer)
        return parts.fail('not_found', `There is no window ${id}.`);
      const ms = patch.extendBy !== undefined ? parseDuration(patch.extendBy) : 0;
      if (ms === null) return parts.fail('invalid_arguments', 'extendBy: expected a duration such as 1h', 'extendBy');
      const end = new Date(Date.parse(window.endsAt ?? new Date().toISOString()) + ms).toISOString();
      const next: MaintenanceWindow = {
        ...window,
        endsAt: end,
        activeUntil: end,
        reason: patch.reason ?? window.reason,
      };
      windows.set(id, next);
      remark(customer);
      return ok(next);
    },
    'maintenance.end': ({ customer, id }) => {
      const window = windows.get(id);
      if (window === undefined || window.customer !== customer)
        return parts.fail('not_found', `There is no window ${id}.`);
      const now = new Date().toISOString();
      const next: MaintenanceWindow = { ...window, state: 'ended', endedAt: now, endedBy: 'NOC', activeUntil: null };
      windows.set(id, next);
      parts.say(customer, `Maintenance window ${id} ended by NOC.`);
      remark(customer);
      return ok(next);
    },
  };

  return {
    handlers,
    pageRefusal(number, force) {
      if (number === null || force) return null;
      const alert = parts.alerts.get(number);
      if (alert === undefined) return null;
      const covering = [...windows.values()]
        .filter((window) => window.customer === alert.customer && window.state === 'active')
        .filter((window) => {
          const compiled = compileScope(window.scope);
          return compiled.ok && compiled.matches(alert);
        })
        .sort((a, b) => (b.activeUntil ?? '').localeCompare(a.activeUntil ?? '') || a.id - b.id)
        .map((window) => ({ id: window.id, reason: window.reason, until: window.activeUntil ?? '' }));
      if (covering.length === 0) return null;
      // Worded as COSS's room reply is: the dialog must not show it.
      const named = covering.map((window) => `#${window.id} ("${window.reason}", until ${window.until})`).join(' and ');
      return {
        code: 'under_maintenance',
        message: `event ${number} is under maintenance window ${named}, so I have not paged it. To page anyway, put --force after the brackets.`,
        hold: { code: 'under_maintenance', windows: covering },
      };
    },
  };
}
