/** The roles a person can have; what each may do is the table in permissions.ts. */
import { z } from 'zod';

export const ROLES = ['admin', 'operator', 'engineer', 'pm', 'customer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Staff work across customers; a customer user is bound to one. */
export function isStaff(role: Role): boolean {
  return role !== 'customer';
}
