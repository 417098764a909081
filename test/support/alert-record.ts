/**
 * A complete stored alert (shared/alert.ts `Alert`) for tests and benchmarks that build one by hand: the x7 DNS
 * check from the sample transcript, open and unpaged, with whatever the caller changes on top.
 */
import type { Alert } from '../../shared/alert.ts';

export function alertRecord(number: number, patch: Partial<Alert> = {}): Alert {
  const at = patch.lastSeen ?? '2026-11-24T08:00:00.000Z';
  return {
    id: number,
    customer: 'acme',
    number,
    source: 'zenoss',
    fingerprint: `f${number}`,
    device: 'x7.acme.com',
    ip: null,
    component: 'CheckDNSELB',
    eventClass: '/Status/DNS',
    eventKey: '',
    severity: 'critical',
    summary: 'DNS ELB check failed',
    message: '',
    count: 1,
    firstSeen: at,
    lastSeen: at,
    status: 'open',
    acknowledgedBy: null,
    assignee: null,
    resolvedAt: null,
    deviceGroups: ['/Customers/Acme'],
    systems: [],
    location: null,
    labels: {},
    annotations: {},
    externalId: null,
    generatorUrl: null,
    notes: { tier: '', device: '', ruleIds: [] },
    updatedAt: at,
    ...patch,
  };
}
