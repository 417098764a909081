/**
 * The role table: which role may do what. The one place rights are decided; HTTP routes, room commands and the
 * console all ask `can()`, and docs/SECURITY.md shows the same table (a unit test keeps the two equal).
 *
 * Customer users see only their own customer (tenancy is a separate check, `canAccessCustomer` on the server);
 * this table says what any user may do within what they can see.
 */
import type { Role } from './roles.ts';

/** Every action a person may be allowed or refused, by the name the docs and 403 messages use. */
export const ACTIONS = [
  'alert.read',
  'alert.note',
  'alert.acknowledge',
  'alert.resolve',
  'alert.reopen',
  'alert.assign',
  'alert.escalate',
  'alert.reassign',
  'room.read',
  'room.chat',
  'page.own-queue',
  'page.noc-target',
  'audit.export',
  'note-rules.read',
  'note-rules.edit',
  'paging-targets.read',
  'paging-targets.edit',
  'stream.read',
  'heartbeats.read',
  'heartbeats.edit',
  'maintenance.read',
  'maintenance.manage',
  'noise.read',
  'triage.run',
  'transforms.read',
  'transforms.manage',
  'transforms.manage-global',
  'room.internal',
  'ticket.create',
  'time.track',
] as const;
export type Action = (typeof ACTIONS)[number];

const EVERYONE: readonly Role[] = ['admin', 'operator', 'engineer', 'pm', 'customer'];
const STAFF: readonly Role[] = ['admin', 'operator', 'engineer', 'pm'];

/** action → the roles allowed to do it. */
export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  'alert.read': EVERYONE,
  'alert.note': EVERYONE,
  // These change who is working an alert, and follow it into PagerDuty incidents the NOC paged: staff actions.
  'alert.acknowledge': STAFF,
  'alert.resolve': STAFF,
  // Undoing a resolve is resolving's other half: whoever may close an alert may open it again.
  'alert.reopen': STAFF,
  'alert.assign': STAFF,
  'alert.escalate': STAFF,
  'alert.reassign': STAFF,
  'room.read': EVERYONE,
  'room.chat': EVERYONE,
  // A customer's own on-call queue (acme/oncall): the customer may wake its own people.
  'page.own-queue': EVERYONE,
  // The NOC's targets (casc/int/systems): the NOC's people are the NOC's to page, and to look up.
  'page.noc-target': STAFF,
  'audit.export': STAFF,
  'note-rules.read': EVERYONE,
  'note-rules.edit': STAFF,
  'paging-targets.read': EVERYONE,
  // Routing keys page real people: one role owns the directory.
  'paging-targets.edit': ['admin'],
  'stream.read': EVERYONE,
  // A customer sees whether its monitors are still talking to us; what counts as silent decides when the NOC is
  // woken, so staff set it (monitors make their own heartbeats by pinging, with the customer's ingest key).
  'heartbeats.read': EVERYONE,
  'heartbeats.edit': STAFF,
  // A customer sees the windows that silence its alerts; making one stops pages, so only staff do it.
  'maintenance.read': EVERYONE,
  'maintenance.manage': STAFF,
  // The customer's engineers sit in triage sessions: they see what is noisy and what was decided.
  'noise.read': EVERYONE,
  // Deciding a family is noise makes a transform that silences it: the NOC records what the session agreed.
  'triage.run': STAFF,
  'transforms.read': EVERYONE,
  'transforms.manage': STAFF,
  // A global transform changes every customer's alerts: one role owns it, as it owns the paging directory.
  'transforms.manage-global': ['admin'],
  // "Post in Cascadeo and Acme chatroom": the staff-only room beside each customer's shared one.
  'room.internal': STAFF,
  // A ticket lands in the NOC's Zendesk queue, in the customer's name: the NOC decides what becomes one.
  'ticket.create': STAFF,
  // Time goes to Cascadeo's Harvest, billed to the customer: only the NOC's own people track it.
  'time.track': STAFF,
};

/** Whether `role` may do `action`. */
export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}

/** What each action is called in a sentence ("may not acknowledge alerts"). */
const ACTION_PHRASES: Readonly<Record<Action, string>> = {
  'alert.read': 'read alerts',
  'alert.note': 'add notes to alerts',
  'alert.acknowledge': 'acknowledge alerts',
  'alert.resolve': 'resolve alerts',
  'alert.reopen': 'reopen resolved alerts',
  'alert.assign': 'assign alerts',
  'alert.escalate': 'escalate alerts',
  'alert.reassign': 'reassign alerts',
  'room.read': 'read the ops room',
  'room.chat': 'chat in the ops room',
  'page.own-queue': "page the customer's own on-call queues",
  'page.noc-target': "page or look up the NOC's on-call targets",
  'audit.export': 'export the audit log',
  'note-rules.read': 'read escalation-note rules',
  'note-rules.edit': 'change escalation-note rules',
  'paging-targets.read': 'read the paging directory',
  'paging-targets.edit': 'change the paging directory',
  'stream.read': 'follow the event stream',
  'heartbeats.read': 'read heartbeats',
  'heartbeats.edit': 'make, change or remove heartbeats',
  'maintenance.read': 'read maintenance windows',
  'maintenance.manage': 'make, extend or end maintenance windows',
  'noise.read': 'read the noise report',
  'triage.run': 'run triage sessions',
  'transforms.read': 'read transforms',
  'transforms.manage': "make or change a customer's transforms",
  'transforms.manage-global': 'make or change global transforms',
  'room.internal': 'read or write the internal room',
  'ticket.create': 'create Zendesk tickets',
  'time.track': 'track time in Harvest',
};

const ROLE_NAMES: Readonly<Record<Role, string>> = {
  admin: 'an admin',
  operator: 'an operator',
  engineer: 'an engineer',
  pm: 'a pm',
  customer: 'a customer user',
};

/** Why `role` may not do `action`, in one sentence that names both and who may: for 403 bodies and bot replies. */
export function refusal(role: Role, action: Action): string {
  const allowed = PERMISSIONS[action];
  const who =
    allowed.length === 1
      ? `only ${allowed[0]}s`
      : `only ${allowed.slice(0, -1).join(', ')} and ${allowed.at(-1)} users`;
  return `${ROLE_NAMES[role]} may not ${ACTION_PHRASES[action]} (${action}): ${who} may.`;
}

/** A paging target as far as rights go: a customer's own queue names its customer, the NOC's names none. */
export interface TargetOwner {
  customer: string | null;
}

/** The action that paging (or looking up) `target` from `room`'s ops room needs. */
export function targetAction(target: TargetOwner, room: string): Action {
  return target.customer !== null && target.customer === room ? 'page.own-queue' : 'page.noc-target';
}

/** Whether `role` may page, or ask who is on call for, `target` from `room`'s ops room. */
export function canUseTarget(role: Role, target: TargetOwner, room: string): boolean {
  return can(role, targetAction(target, room));
}
