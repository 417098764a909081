/** The queue: a windowed list of the active customer's alerts, worst and newest first. */
import { useCallback, useEffect, useRef } from 'react';
import { moveCursorTo, openDetail } from '../state/alert-actions.ts';
import { selectCursorIndex, selectCustomerNames, selectQueue } from '../state/queue-selectors.ts';
import type { QueueSort, SortColumn } from '../state/queue-sort.ts';
import { useConsoleStore } from '../state/store.ts';
import { sortQueueBy } from '../state/ui-actions.ts';
import { AlertRow } from './alert-row.tsx';
import { useNow } from './use-now.ts';
import { VirtualList } from './virtual-list.tsx';

export const ROW_HEIGHT = 28;

/** A column header that sorts by its column when clicked (again: reversed), with an arrow on the sorted one. */
function HeaderCell({ className, column, sort, label }: { className: string; column: SortColumn; sort: QueueSort; label: string }) {
  const sorted = sort.column === column && column !== 'queue';
  return (
    <span className={`${className} sortable`} data-sorted={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined} onClick={() => sortQueueBy(column)}>
      {label}
      {sorted && (sort.descending ? ' ▼' : ' ▲')}
    </span>
  );
}

export function AlertQueue() {
  const queue = useConsoleStore(selectQueue);
  const cursorIndex = useConsoleStore(selectCursorIndex);
  const marked = useConsoleStore((state) => state.marked);
  const pending = useConsoleStore((state) => state.pending);
  const focusRequest = useConsoleStore((state) => state.focusRequest);
  const loading = useConsoleStore((state) => state.loadingCustomer !== null && state.alertsByCustomer[state.loadingCustomer] === undefined);
  const hasSearch = useConsoleStore((state) => state.filter.search !== '' || state.filter.status !== 'active' || state.filter.minSeverity !== 'debug');
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
    if (open) openDetail();
  }, []);

  const renderRow = (index: number) => {
    const alert = queue.rows[index];
    if (alert === undefined) return null;
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

  const rowKey = (index: number) => queue.rows[index]?.number ?? -index - 1;

  const active = queue.rows[cursorIndex];
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
      {queue.rows.length === 0 ? (
        <div className="queue-empty" tabIndex={0} ref={setList} role="status">
          {loading ? 'Loading alerts…' : hasSearch ? 'No alerts match the search or filter. Esc clears the search; “f a” shows open and acknowledged.' : 'No open alerts. All quiet.'}
        </div>
      ) : (
        <VirtualList
          id="alert-list"
          label="Alerts, worst first"
          rowCount={queue.rows.length}
          rowHeight={ROW_HEIGHT}
          activeIndex={cursorIndex}
          activeId={active !== undefined ? `alert-row-${active.number}` : undefined}
          renderRow={renderRow}
          rowKey={rowKey}
          listRef={setList}
        />
      )}
    </section>
  );
}
