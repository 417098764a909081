/** Customers: each has a number (used in PagerDuty dedup keys), a slug (used in URLs and paths) and a time zone. */
import { z } from 'zod';

export const CustomerSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, starting with a letter or digit');

export const CustomerInputSchema = z.object({
  number: z.number().int().min(1).max(2_000_000_000),
  slug: CustomerSlugSchema,
  name: z.string().trim().min(1).max(200),
  timeZone: z
    .string()
    .default('UTC')
    .refine(isTimeZone, { message: 'expected an IANA time zone such as America/Los_Angeles' }),
});
export type CustomerInput = z.infer<typeof CustomerInputSchema>;

export interface Customer {
  id: number;
  number: number;
  slug: string;
  name: string;
  timeZone: string;
}

/** True for a time zone the runtime's Intl knows. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
