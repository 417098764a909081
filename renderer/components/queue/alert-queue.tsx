/** The queue: a windowed list of the alerts in front (one customer's or all), worst and newest first, flat or in groups. */
import { useCallback, useEffect, useRef } from 'react';
import { openDetail } from '../../state/alert-actions.ts';
import { moveCursorTo, toggleGroupAtCursor } from '../../state/cursor-actions.ts';
import { selectCursorRow, selectQueueLayout, type QueueEntry } from '../../state/queue-groups.ts';
import { selectCustomerNames } from '../../state/queue-selectors.ts';
import type { QueueSort, SortColumn } from '../../state/queue-sort.ts';
import { getState, useConsoleStore } from '../../state/store.ts';
import { sortQueueBy } from '../../state/ui-actions.ts';
import { AlertRow } from './alert-row.tsx';
import { GroupRow } from './group-row.tsx';
import { useNow } from '../common/use-now.ts';
import { VirtualList } from './virtual-list.tsx';

export const ROW_HEIGHT = 28;

/** A column header that sorts by its column when clicked (again: reversed), with an arrow on the sorted one. */
function HeaderCell({
  className,
  column,
  sort,
  label,
}: {
  className: string;
  column: SortColumn;
  sort: QueueSort;
  label: string;
}) {
  const sorted = sort.column === column && column !== 'queue';
  return (
    <span
      className={`${className} sortable`}
      data-sorted={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined}
      onClick={() => sortQueueBy(column)}
    >
      {label}
      {sorted && (sort.descending ? ' ▼' : ' ▲')}
    </span>
  );
}

/** Element ids for group headers: stable per group while the console runs (keys hold any text; ids may not). */
const groupIds = new Map<string, string>();
function groupRowId(key: string): string {
  let id = groupIds.get(key);
  if (id === undefined) {
    id = `group-row-${groupIds.size + 1}`;
    groupIds.set(key, id);
  }
  return id;
}

/** A row's identity across changes: its alert's number, or its group's key. */
function entryKey(entry: QueueEntry | undefined): string | number | undefined {
  if (entry === undefined) return undefined;
  return entry.kind === 'alert' ? entry.alert.number : `group:${entry.group.key}`;
}

export function AlertQueue() {
  const layout = useConsoleStore(selectQueueLayout);
  const cursorIndex = useConsoleStore(selectCursorRow);
  const marked = useConsoleStore((state) => state.marked);
  const pending = useConsoleStore((state) => state.pending);
  const focusRequest = useConsoleStore((state) => state.focusRequest);
  const loading = useConsoleStore(
    (state) => state.loadingCustomer !== null && state.alertsByCustomer[state.loadingCustomer] === undefined,
  );
  const hasSearch = useConsoleStore(
    (state) => state.filter.search !== '' || state.filter.status !== 'active' || state.filter.minSeverity !== 'debug',
  );
  const allCustomers = useConsoleStore((state) => state.allCustomers);
  const sort = useConsoleStore((state) => state.filter.sort);
  const customerNames = useConsoleStore(selectCustomerNames);
  const now = useNow();
  const list = useRef<HTMLDivElement | null>(null);
  const setList = useCallback((element: HTMLDivElement | null) => {
    list.current = element;
  }, []);

  useEffect(() => {
    if (focusRequest.target === 'queue') list.current?.focus({ preventScroll: true });
  }, [focusRequest]);

  const onPick = useCallback((index: number, open: boolean) => {
    list.current?.focus({ preventScroll: true });
    moveCursorTo(index);
    if (!open) return;
    if (selectQueueLayout(getState()).entryAt(index)?.kind === 'group') toggleGroupAtCursor();
    else openDetail();
  }, []);

  const renderRow = (index: number) => {
    const entry = layout.entryAt(index);
    if (entry === undefined) return null;
    if (entry.kind === 'group') {
      const { group } = entry;
      return (
        <GroupRow
          group={group}
          collapsed={layout.isCollapsed(group.key)}
          index={index}
          rowId={groupRowId(group.key)}
          isCursor={index === cursorIndex}
          marked={
            marked.size === 0 ? 0 : group.alerts.reduce((count, alert) => count + (marked.has(alert.number) ? 1 : 0), 0)
          }
          customerName={allCustomers ? (customerNames.get(group.customer) ?? group.customer) : undefined}
          onPick={onPick}
        />
      );
    }
    const { alert } = entry;
    return (
      <AlertRow
        alert={alert}
        index={index}
        rowId={`alert-row-${alert.number}`}
        isCursor={index === cursorIndex}
        isMarked={marked.has(alert.number)}
        pending={pending.get(alert.number)}
        now={now}
        onPick={onPick}
        customerName={allCustomers ? (customerNames.get(alert.customer) ?? alert.customer) : undefined}
      />
    );
  };

  const rowKey = (index: number) => entryKey(layout.entryAt(index)) ?? -index - 1;

  const active = layout.entryAt(cursorIndex);
  return (
    <section className="queue" aria-label="Alert queue" data-all={allCustomers ? 'true' : undefined}>
      {/* The keys (s then a column letter) sort from the keyboard; a header click is the mouse's way to the same. */}
      <div className="queue-head" aria-hidden="true">
        <span className="c-mark" />
        <HeaderCell className="c-sev" column="queue" sort={sort} label="" />
        <HeaderCell className="c-num" column="number" sort={sort} label="Event" />
        {allCustomers && <HeaderCell className="c-cust" column="customer" sort={sort} label="Customer" />}
        <HeaderCell className="c-device" column="device" sort={sort} label="Device" />
        <HeaderCell className="c-comp" column="component" sort={sort} label="Component" />
        <HeaderCell className="c-summary" column="summary" sort={sort} label="Summary" />
        <HeaderCell className="c-count" column="count" sort={sort} label="Cnt" />
        <HeaderCell className="c-age" column="age" sort={sort} label="Age" />
        <HeaderCell className="c-status" column="status" sort={sort} label="Status" />
        <span className="c-pd">PagerDuty</span>
        <span className="c-note">Notes</span>
      </div>
      {layout.rowCount === 0 ? (
        <div className="queue-empty" tabIndex={0} ref={setList} role="status">
          {loading
            ? 'Loading alerts…'
            : hasSearch
              ? 'No alerts match the search or filter. Esc clears the search; “f a” shows open and acknowledged.'
              : 'No open alerts. All quiet.'}
        </div>
      ) : (
        <VirtualList
          id="alert-list"
          label={layout.grouping === 'none' ? 'Alerts, worst first' : 'Alerts in groups, worst group first'}
          rowCount={layout.rowCount}
          rowHeight={ROW_HEIGHT}
          activeIndex={cursorIndex}
          activeId={
            active === undefined
              ? undefined
              : active.kind === 'group'
                ? groupRowId(active.group.key)
                : `alert-row-${active.alert.number}`
          }
          renderRow={renderRow}
          rowKey={rowKey}
          listRef={setList}
        />
      )}
    </section>
  );
}
