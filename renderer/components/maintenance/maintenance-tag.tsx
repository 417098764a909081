/**
 * The queue row's maintenance mark: a short tag before the summary, read out in full by a screen reader. One span on
 * the rows that carry a mark and nothing on the others, so 100,000 rows cost what they did.
 */
import type { MaintenanceMark } from '../../../shared/maintenance.ts';
import { markSource } from './window-text.ts';

export function MaintenanceTag({ mark }: { mark: MaintenanceMark }) {
  const source = markSource(mark);
  return (
    <span className="maint-tag" title={`Under maintenance: ${source}, ${mark.reason}`}>
      <span aria-hidden="true">MAINT</span>
      <span className="visually-hidden">Under maintenance ({source}).</span>
    </span>
  );
}
