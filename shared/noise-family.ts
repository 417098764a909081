/**
 * Event families: an alert's identity without its per-instance parts, so the noise report can count "the same
 * event" across devices that differ only by their number, and a triage decision can name what it covers.
 *
 * - Prometheus and Alertmanager: `alertname` + `job` (the labels that say what fired and where it is scraped;
 *   instance, pod and the like are the per-instance parts).
 * - Zenoss, generic and COSS's own heartbeat alerts: event class + component + the device with its numbers folded.
 *   Folding: the device's ASCII letters are lower-cased (DNS names are ASCII and case-blind; other letters are left
 *   as they are so that the SQL below reads them the same way); unless it is an IP address (each address is its own device, not a number in
 *   a series), every run of digits in its first DNS label becomes `#`, so `web01.acme.com` and `web17.acme.com` are
 *   `web#.acme.com`, while digits in the domain (`s3.eu-1.example.net`) stay.
 *
 * The database keeps the key on each alert as a generated column (`alerts.family`, migration 011), so every writer
 * and every older row has it; this function is the same rule for code that needs a family before the alert is
 * stored (transforms at ingest, previews), and a test holds the two to agree.
 */

/** The fields of an alert that its family depends on. */
export interface FamilySubject {
  source: string;
  device: string;
  component: string;
  eventClass: string;
  labels: Readonly<Record<string, string>>;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** True for a dotted IPv4 address or anything with a colon (IPv6, or host:port as Prometheus writes instances). */
function isAddress(device: string): boolean {
  return IPV4.test(device) || device.includes(':');
}

/** The device with the digit runs of its first DNS label folded to `#` (see the module comment). */
export function foldDevice(device: string): string {
  const lower = device.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  if (isAddress(lower)) return lower;
  const dot = lower.indexOf('.');
  const host = dot < 0 ? lower : lower.slice(0, dot);
  const rest = dot < 0 ? '' : lower.slice(dot);
  return host.replace(/[0-9]+/g, '#') + rest;
}

/** The family key: a readable string, `|`-separated, that names the family uniquely for its customer. */
export function familyOf(subject: FamilySubject): string {
  if (subject.source === 'alertmanager' || subject.source === 'prometheus') {
    return `prometheus|${subject.labels.alertname ?? ''}|${subject.labels.job ?? ''}`;
  }
  return `event|${subject.eventClass}|${subject.component}|${foldDevice(subject.device)}`;
}
