/** An alert row as the subject a maintenance scope matches (shared/maintenance-scope.ts). */
import type { MaintenanceSubject } from '../../shared/maintenance-scope.ts';
import type { AlertRow } from '../alerts/row.ts';

export function alertSubject(row: AlertRow): MaintenanceSubject {
  return {
    device: row.device,
    component: row.component,
    eventClass: row.event_class,
    deviceGroups: row.device_groups,
    systems: row.systems,
    labels: row.labels,
  };
}
