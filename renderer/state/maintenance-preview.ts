/**
 * What a scope would cover among the open alerts the console holds for the customer: "matches 3 open alerts on 2
 * devices", worked out with the same matcher COSS uses (shared/maintenance-scope.ts). One pass over the customer's
 * alerts per scope; the dialog runs it deferred, so typing stays quick on a customer of 100,000 alerts.
 */
import type { AlertView } from '../../shared/host/contract.ts';
import type { MaintenanceScope } from '../../shared/maintenance.ts';
import { compileScope, type ScopeIssue } from '../../shared/maintenance-scope.ts';

export type ScopePreview =
  | {
      ok: true;
      alerts: number;
      devices: number;
      /** the first few numbers matched, in the order met, for the operator to recognise */
      sample: readonly number[];
      /** of the matched alerts, how many a window already covers */
      covered: number;
    }
  | { ok: false; issue: ScopeIssue };

const SAMPLE = 5;

/** Matches `scope` against every alert that is not resolved. */
export function previewScope(alerts: Iterable<AlertView>, scope: MaintenanceScope): ScopePreview {
  const compiled = compileScope(scope);
  if (!compiled.ok) return { ok: false, issue: compiled.issue };
  const devices = new Set<string>();
  const sample: number[] = [];
  let count = 0;
  let covered = 0;
  for (const alert of alerts) {
    if (alert.status === 'resolved' || !compiled.matches(alert)) continue;
    count += 1;
    devices.add(alert.device.toLowerCase());
    if (sample.length < SAMPLE) sample.push(alert.number);
    if (alert.maintenance !== undefined && alert.maintenance !== null) covered += 1;
  }
  return { ok: true, alerts: count, devices: devices.size, sample, covered };
}

/** Counts read as the toolbar's and the groups' do, with thousands separators: 1,545. */
const plural = (count: number, one: string, many: string): string =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** The preview in words: "matches 1,545 open alerts on 2 devices (32962, 32963, 32970, …)". */
export function previewText(preview: ScopePreview): string {
  if (!preview.ok) return preview.issue.message;
  if (preview.alerts === 0) return 'matches no open alert now (it still covers any that arrive while it lasts)';
  const more = preview.alerts > preview.sample.length ? ', …' : '';
  const already = preview.covered > 0 ? `; ${preview.covered.toLocaleString()} already under maintenance` : '';
  return `matches ${plural(preview.alerts, 'open alert', 'open alerts')} on ${plural(preview.devices, 'device', 'devices')} (${preview.sample.join(', ')}${more})${already}`;
}
