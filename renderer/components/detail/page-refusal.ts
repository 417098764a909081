/**
 * The page dialog's refusal in the console's words, built from what COSS says held the page back (`HostError.hold`):
 * every window that covers the alert and until when in the customer's time, the Zenoss state of its device, or the
 * transform that suppressed it. COSS's
 * own reply is written for the room (it says to type `--force`); the dialog has a button for that instead, so it says
 * what the button does.
 */
import type { AlertView, HostError } from '../../../shared/host/contract.ts';
import { prodStateName } from '../../../shared/prod-state.ts';
import { formatTime } from '../common/format.ts';

export interface PageRefusalWords {
  title: string;
  /** why nobody was paged */
  text: string;
  /** what "Page anyway" does */
  override: string;
  button: string;
}

export interface PageRefusalContext {
  number: number;
  /** the console's copy of the alert: its device and Zenoss state */
  alert: AlertView | null;
  customer: { name: string; timeZone: string } | null;
  now: Date;
}

const OVERRIDE = 'Page anyway sends the page and the room records the override.';

/** "07:37 PST" today in the customer's zone, "2026-12-09 07:37 PST" on another day. */
function until(iso: string, timeZone: string | undefined, now: Date): string {
  const at = formatTime(iso, timeZone);
  if (at === iso) return iso;
  const [day, clock, zone] = at.split(' ');
  const sameDay = formatTime(now.toISOString(), timeZone).startsWith(day ?? '');
  return `${sameDay ? '' : `${day} `}${clock?.slice(0, 5) ?? ''} ${zone ?? ''}`.trim();
}

/** "a", "a and b", "a, b and c". */
function listed(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

/** The first letter up: COSS's room replies start with "event …". */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** COSS cannot be asked: the console refused from its last copy of the alert, and says so. */
const AS_LAST_KNOWN = ' COSS is not reachable now: this is what it last said.';

export function pageRefusalWords(error: HostError, context: PageRefusalContext): PageRefusalWords {
  const words = heldWords(error, context);
  return error.hold?.asLastKnown === true ? { ...words, text: words.text + AS_LAST_KNOWN } : words;
}

function heldWords(error: HostError, context: PageRefusalContext): PageRefusalWords {
  const { number, alert, customer, now } = context;
  const hold = error.hold;
  const device = alert?.device ?? 'its device';
  if (error.code === 'suppressed_by_transform' || hold?.code === 'suppressed_by_transform') {
    const id = hold?.transform?.id ?? alert?.suppressedBy ?? null;
    const transform = id === null ? 'a transform' : `transform #${id}`;
    const name = hold?.transform?.name;
    return {
      title: `Not paged: ${number} was suppressed by ${transform}`,
      text:
        `Not paged: ${number} was suppressed by ${transform}${name !== undefined ? ` “${name}”` : ''}, ` +
        `which says ${customer?.name ?? 'this customer'} does not need to hear of it: it is counted, not notified.`,
      override: 'Page anyway sends the page and the room records that the suppression was overridden.',
      button: 'Page anyway (override the transform)',
    };
  }
  if (hold?.code === 'unpaged_prod_state') {
    const state =
      alert?.prodState !== null && alert?.prodState !== undefined
        ? prodStateName(alert.prodState)
        : 'Test or Decommissioned';
    return {
      title: `Not paged: ${number} is on a Zenoss ${state} device`,
      text:
        `Not paged: ${number} is on ${device}, which Zenoss has in production state ${state}; ` +
        `${customer?.name ?? 'this customer'} does not page those devices.`,
      override: OVERRIDE,
      button: 'Page anyway (override the setting)',
    };
  }
  const title = `Not paged: ${number} is under maintenance`;
  if (hold === undefined) {
    // An older COSS, or the console's own refusal while COSS is away: its message is already a sentence.
    return { title, text: sentence(error.message), override: OVERRIDE, button: 'Page anyway (override the window)' };
  }
  if (hold.windows.length === 0) {
    return {
      title,
      text: `Not paged: ${number} is on ${device}, which Zenoss has in production state Maintenance.`,
      override: OVERRIDE,
      button: 'Page anyway (override Zenoss’s Maintenance state)',
    };
  }
  const windows = hold.windows.map(
    (window) => `#${window.id} “${window.reason}” until ${until(window.until, customer?.timeZone, now)}`,
  );
  const several = windows.length > 1;
  return {
    title,
    text: `Not paged: ${number} is under maintenance window${several ? 's' : ''} ${listed(windows)}.`,
    override: OVERRIDE,
    button: `Page anyway (override the window${several ? 's' : ''})`,
  };
}
