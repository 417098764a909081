/**
 * Zenoss production states. Zenoss sends a device's `prodState` as a name ("Production") or a number (1000); COSS
 * keeps the number. Maintenance marks the alert as under maintenance (`source: "zenoss"`); Test and Decommissioned
 * are not paged unless the customer allows it (or the operator forces the page). Pure TypeScript.
 */

export const PROD_STATES = {
  Production: 1000,
  'Pre-Production': 500,
  Test: 400,
  Maintenance: 300,
  Decommissioned: -1,
} as const;

export const PROD_STATE_MAINTENANCE = PROD_STATES.Maintenance;
/** The states whose alerts are not paged by default (`page_test_devices` lets a customer page them). */
export const UNPAGED_PROD_STATES: readonly number[] = [PROD_STATES.Test, PROD_STATES.Decommissioned];

const BY_NAME = new Map(Object.entries(PROD_STATES).map(([name, value]) => [name.toLowerCase(), value]));

/**
 * The number of a production state as Zenoss sends it: a number, a numeric string, or a standard name in any case
 * (`pre-production`, `Pre Production`). A custom state Zenoss admins defined by number keeps its number; an unknown
 * name is null (shown as no state, never guessed).
 */
export function prodStateNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  const text = value.trim();
  if (/^-?\d{1,6}$/.test(text)) return Number(text);
  return BY_NAME.get(text.toLowerCase().replace(/\s+/g, '-')) ?? null;
}

/** The name of a state number, or the number itself for a custom state. */
export function prodStateName(value: number): string {
  return Object.entries(PROD_STATES).find(([, number]) => number === value)?.[0] ?? String(value);
}
