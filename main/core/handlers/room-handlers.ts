/** Requests on a customer's room and paging: pages, room lines, the targets this user may page, notes search. */
import { formatCommand, type Command } from '../../../shared/commands/index.ts';
import type { MaintenanceMark } from '../../../shared/maintenance.ts';
import { prodStateName, UNPAGED_PROD_STATES } from '../../../shared/prod-state.ts';
import type { HostHandlers } from '../../../shared/host/contract.ts';
import { canUseTarget, targetAction } from '../../../shared/permissions.ts';
import { HostFailure } from '../host-dispatch.ts';
import { searchNotes } from '../notes-bundle.ts';
import type { HandlerContext } from './handler-context.ts';
import { requireCustomer, requireRight, requireTargetPath } from './guards.ts';

type RoomHandlers = Pick<HostHandlers, 'page.send' | 'room.list' | 'room.send' | 'targets.list' | 'notes.search'>;

/**
 * The page line with COSS's override of a maintenance window: `--force` as the first word after the brackets. In
 * the line rather than beside it, so the room shows that the operator overrode the window, and a page that waits
 * in the outbox (or reconciles a direct one) keeps it.
 */
function forcedLine(line: string): string {
  const close = line.indexOf(']');
  return `${line.slice(0, close + 1)} --force${line.slice(close + 1)}`;
}

/**
 * Why COSS would refuse the page, from the console's last copy of the alert: said while COSS cannot say it. The
 * hold is COSS's shape, so the page dialog words it as it words COSS's own, in the customer's time.
 */
function cachedRefusal(number: number, mark: MaintenanceMark): HostFailure {
  const what = mark.source === 'zenoss' ? "its device is in Zenoss's Maintenance state" : `window ${mark.windowId}`;
  const windows =
    mark.source === 'window' && mark.windowId !== null && mark.until !== null
      ? [{ id: mark.windowId, reason: mark.reason, until: mark.until }]
      : [];
  return new HostFailure(
    'under_maintenance',
    `${number} is under maintenance (${what}: ${mark.reason}, as COSS last said); not paged. ` +
      'COSS is not reachable to say otherwise; page anyway to override the window.',
    { code: 'under_maintenance', windows, asLastKnown: true },
  );
}

/**
 * COSS's hold on a page about a Test or Decommissioned Zenoss device, from the console's last copy of the alert.
 * Whether this customer pages test devices is COSS's setting, which the console does not have: it refuses as COSS
 * does by default, and says so; `--force` pages anyway, as with a window.
 */
function cachedProdStateRefusal(number: number, prodState: number): HostFailure {
  return new HostFailure(
    'unpaged_prod_state',
    `${number} is on a device in Zenoss's ${prodStateName(prodState)} state (as COSS last said); ` +
      'not paged. COSS is not reachable, and it refuses these pages unless the customer pages test devices, ' +
      'a setting the console does not know; page anyway to override.',
    { code: 'unpaged_prod_state', windows: [], asLastKnown: true },
  );
}

/**
 * COSS's hold on a page about an alert one of the customer's transforms suppressed, from the console's last copy.
 * The transform's name is COSS's to say; offline the console names it by number.
 */
function cachedSuppressedRefusal(number: number, transformId: number): HostFailure {
  return new HostFailure(
    'suppressed_by_transform',
    `${number} was suppressed by transform #${transformId} (as COSS last said); not paged. ` +
      'COSS is not reachable to say otherwise; page anyway to override the transform.',
    { code: 'suppressed_by_transform', windows: [], asLastKnown: true },
  );
}

export function roomHandlers(context: HandlerContext): RoomHandlers {
  const { cache, actions, direct } = context;
  return {
    'page.send': async (args) => {
      const customer = requireCustomer(cache, args.customer);
      // A target the console does not know is taken for the NOC's: the stricter right.
      const known = cache.customer(args.customer).targets.find((target) => target.path === args.target);
      requireRight(cache, targetAction(known ?? { customer: null }, args.customer));
      requireTargetPath(args.target);
      const message = args.message.trim();
      if (args.number === null && message === '')
        throw new HostFailure(
          'invalid_arguments',
          'A page without an event needs a message, so the person paged knows why.',
        );
      const command: Command = {
        name: 'page',
        priority: args.priority,
        target: args.target,
        event: args.number === null ? null : { number: args.number, customerNumber: null },
        message: message === '' ? null : message.replace(/\s+/g, ' '),
      };
      const plain = formatCommand(command);
      const line = args.force === true && command.event !== null ? forcedLine(plain) : plain;
      // While COSS is away, what it would refuse is refused here, before it is queued or sent straight to PagerDuty.
      if (args.number !== null && args.force !== true && !context.session.isLive) {
        const cached = cache.findAlert(args.number);
        const mark = cached?.maintenance ?? null;
        if (mark !== null) throw cachedRefusal(args.number, mark);
        const transformId = cached?.suppressedBy ?? null;
        if (transformId !== null) throw cachedSuppressedRefusal(args.number, transformId);
        const prodState = cached?.prodState ?? null;
        if (prodState !== null && UNPAGED_PROD_STATES.includes(prodState))
          throw cachedProdStateRefusal(args.number, prodState);
      }
      const paged = await direct.page(customer, args, line);
      if (paged) return paged;
      return actions.submit(args.customer, { kind: 'room', body: line }, `Page ${args.target}`);
    },
    'room.list': async ({ customer }) => {
      requireCustomer(cache, customer);
      // Lines typed offline and still in the outbox come last, marked pending: a reload must not hide them.
      const waiting = actions.waitingLines(customer);
      return waiting.length === 0 ? cache.customer(customer).room : [...cache.customer(customer).room, ...waiting];
    },
    'room.send': async ({ customer, body, room }) => {
      requireCustomer(cache, customer);
      if (room === 'internal') requireRight(cache, 'room.internal');
      return actions.submit(
        customer,
        room === 'internal' ? { kind: 'room', body, room } : { kind: 'room', body },
        body.startsWith('.') && !body.startsWith('..') ? `Command ${body.split(/\s/)[0]}` : 'Message',
        true,
      );
    },
    'targets.list': async ({ customer }) => {
      requireCustomer(cache, customer);
      // Only what this user may page: a customer user's dialog offers their own queues, not the NOC's.
      const role = cache.me?.role;
      return cache
        .customer(customer)
        .targets.filter((target) => role === undefined || canUseTarget(role, target, customer));
    },
    'notes.search': async ({ customer, query }) => {
      requireCustomer(cache, customer);
      return searchNotes(cache.customer(customer).notes, query);
    },
  };
}
