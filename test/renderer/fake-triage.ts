/**
 * The fake host's triage sessions: one customer at a time may have one open, over its unclassified families (the fake
 * noise report's); decisions, a noise decision's preview (the family's alerts, in proportion on some devices), the
 * end with its summary said in the room. Answered only while the fake is live, as the core refuses while COSS is
 * away. Pure TypeScript, like the fake host.
 */
import type { HostArgs, HostError, HostResponse, HostResult } from '../../shared/host/contract.ts';
import type { TriageItem, TriageSession } from '../../shared/triage.ts';
import { ACME_FAMILIES } from './fake-noise.ts';

export interface FakeTriageParts {
  now: number;
  isLive: () => boolean;
  say: (customer: string, body: string) => void;
  fail: (code: HostError['code'], message: string) => HostResponse<never>;
}

type Name = 'triage.current' | 'triage.start' | 'triage.decide' | 'triage.preview' | 'triage.end';

export interface FakeTriage {
  handlers: { [N in Name]: (args: HostArgs<N>) => HostResponse<HostResult<N>> };
}

export function createFakeTriage(parts: FakeTriageParts): FakeTriage {
  const sessions: TriageSession[] = [];
  let nextId = 1;
  const ok = <T>(value: T): HostResponse<T> => ({ ok: true, value });
  const away = () =>
    parts.fail(
      'unavailable',
      "A triage session needs COSS live: it works on COSS's figures as they are now, and COSS is not reachable; nothing was changed.",
    );
  const open = (customer: string) =>
    sessions.find((session) => session.customer === customer && session.endedAt === null);
  const family = (item: TriageItem) => ACME_FAMILIES.find((candidate) => candidate.family === item.family);
  const withItem = (customer: string, id: number, position: number) => {
    const session = sessions.find((candidate) => candidate.customer === customer && candidate.id === id);
    const item = session?.items.find((candidate) => candidate.position === position);
    return { session, item };
  };

  return {
    handlers: {
      'triage.current': ({ customer }) => {
        if (!parts.isLive()) return away();
        const recent = sessions.filter((session) => session.customer === customer && session.endedAt !== null);
        return ok({ open: open(customer) ?? null, recent: recent.reverse().slice(0, 5) });
      },
      'triage.start': ({ customer }) => {
        if (!parts.isLive()) return away();
        if (open(customer) !== undefined)
          return parts.fail('conflict', 'a triage session of this customer is already open: end it first');
        const families = customer === 'acme' ? ACME_FAMILIES.filter((f) => f.classification === 'unclassified') : [];
        const total = families.reduce((sum, f) => sum + f.occurrences, 0) * 1.25;
        const session: TriageSession = {
          id: nextId++,
          customer,
          startedBy: 'NOC',
          startedAt: new Date(parts.now).toISOString(),
          since: new Date(parts.now - 7 * 86_400_000).toISOString(),
          endedBy: null,
          endedAt: null,
          summary: null,
          participants: ['NOC'],
          items: families.map((f, index) => ({
            position: index + 1,
            family: f.family,
            label: f.label,
            occurrences: f.occurrences,
            share: f.occurrences / total,
            decision: null,
            decidedBy: null,
            decidedAt: null,
            tierNotes: null,
            deviceNotes: null,
            devices: null,
            noteRuleId: null,
            transformId: null,
            autoPageTransformId: null,
          })),
        };
        sessions.push(session);
        parts.say(customer, `NOC started triage session #${session.id} over ${session.items.length} families.`);
        return ok(session);
      },
      'triage.decide': ({ customer, id, position, decision }) => {
        if (!parts.isLive()) return away();
        const { session, item } = withItem(customer, id, position);
        if (session === undefined || item === undefined)
          return parts.fail('not_found', `triage session #${id} has no family ${position}`);
        if (session.endedAt !== null) return parts.fail('conflict', `triage session #${id} has ended`);
        if (item.decision !== null)
          return parts.fail(
            'conflict',
            `family ${position} of triage session #${id} is already decided (${item.decision})`,
          );
        Object.assign(item, {
          decision: decision.decision,
          decidedBy: 'NOC',
          decidedAt: new Date(parts.now).toISOString(),
          ...(decision.decision === 'actionable'
            ? {
                tierNotes: decision.tierNotes,
                deviceNotes: decision.deviceNotes,
                noteRuleId: 40 + position,
                autoPageTransformId: decision.autoPage === undefined ? null : 60 + position,
              }
            : {}),
          ...(decision.decision === 'noise' ? { devices: decision.devices ?? null, transformId: 50 + position } : {}),
        });
        return ok(session);
      },
      'triage.preview': ({ customer, id, position, devices }) => {
        if (!parts.isLive()) return away();
        const { item } = withItem(customer, id, position);
        const seed = item === undefined ? undefined : family(item);
        if (item === undefined || seed === undefined)
          return parts.fail('not_found', `triage session #${id} has no family ${position}`);
        const part = devices === undefined ? 1 : Math.min(1, devices.length / Math.max(1, seed.devices));
        return ok({
          family: item.family,
          devices: devices ?? null,
          days: 7,
          alerts: Math.round(seed.alerts * part),
          occurrences: Math.round(seed.occurrences * part),
          complete: true,
        });
      },
      'triage.end': ({ customer, id }) => {
        if (!parts.isLive()) return away();
        const session = sessions.find((candidate) => candidate.customer === customer && candidate.id === id);
        if (session === undefined) return parts.fail('not_found', `no triage session ${id}`);
        if (session.endedAt !== null) return parts.fail('conflict', `triage session #${id} has ended`);
        const count = (decision: string) => session.items.filter((item) => item.decision === decision).length;
        session.endedBy = 'NOC';
        session.endedAt = new Date(parts.now).toISOString();
        session.summary =
          `Triage session #${id} ended by NOC: ${count('actionable')} actionable, ${count('noise')} noise, ` +
          `${count('skip')} skipped, ${session.items.filter((item) => item.decision === null).length} left.`;
        parts.say(customer, session.summary);
        return ok(session);
      },
    },
  };
}
