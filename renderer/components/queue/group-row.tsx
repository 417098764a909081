/** A group header in a grouped queue: the device or event class, its customer, how many alerts of each severity. */
import { memo } from 'react';
import type { QueueGroup } from '../../state/queue-groups.ts';
import { SeverityBadge } from '../common/severity-badge.tsx';
import { queueRowAttributes, type QueueRowPlace } from './row-attributes.ts';

export interface GroupRowProps extends QueueRowPlace {
  group: QueueGroup;
  collapsed: boolean;
  /** how many of the group's alerts are marked for a bulk action */
  marked: number;
  /** the customer's name, in the all-customers queue only */
  customerName?: string | undefined;
}

export const GroupRow = memo(function GroupRow(props: GroupRowProps) {
  const { group, collapsed, isCursor, marked } = props;
  const worst = group.severities[0]?.[0] ?? 'info';
  const total = group.alerts.length;
  const className = ['grow', `grow-${worst}`, isCursor ? 'is-cursor' : '', marked > 0 ? 'is-marked' : ''].join(' ');
  return (
    // A click on the fold arrow folds; anywhere else picks the header, a double click folds too.
    <div
      {...queueRowAttributes(props, className, (target) => target.classList.contains('g-fold'))}
      aria-expanded={!collapsed}
      data-group={group.value}
      data-count={total}
    >
      <span className="c-mark" aria-label={marked > 0 ? `${marked} marked` : undefined}>
        {marked === 0 ? '' : marked === total ? '●' : '◐'}
      </span>
      <span className="g-fold" aria-hidden="true">
        {collapsed ? '▸' : '▾'}
      </span>
      <SeverityBadge severity={worst} />
      <span className="g-name" title={group.value}>
        {group.value === '' ? '(none)' : group.value}
      </span>
      {props.customerName !== undefined && <span className="g-cust">{props.customerName}</span>}
      <span className="g-total">{total === 1 ? '1 alert' : `${total.toLocaleString()} alerts`}</span>
      <span className="g-severities">
        {group.severities.map(([severity, count]) => (
          <span key={severity} className={`g-sev g-sev-${severity}`}>
            {count.toLocaleString()} {severity}
          </span>
        ))}
      </span>
      <span className="g-open">
        {group.unacknowledged === 0 ? 'all acknowledged' : `${group.unacknowledged.toLocaleString()} unacknowledged`}
      </span>
    </div>
  );
});
