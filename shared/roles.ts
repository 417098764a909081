/** Who may do what: roles shared by the backend's checks and the console's menus. */
import { z } from 'zod';

export const ROLES = ['admin', 'operator', 'engineer', 'pm', 'customer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Staff work across customers; a customer user is bound to one. */
export function isStaff(role: Role): boolean {
  return role !== 'customer';
}

/** Who may change escalation-note rules: staff, since customer staff read their runbook but the NOC owns it. */
export function canEditNoteRules(role: Role): boolean {
  return isStaff(role);
}
