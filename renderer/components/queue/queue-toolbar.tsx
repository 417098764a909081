/** Search box and filter chips above the queue, with what the queue is showing. */
import { useEffect, useRef, useState } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/alert.ts';
import { selectMaintenanceCount } from '../../state/maintenance-count.ts';
import { selectSuppressedCount } from '../../state/suppressed-count.ts';
import { groupingWord, selectQueueLayout } from '../../state/queue-groups.ts';
import { selectActiveCustomer, selectQueue, selectQueueAlerts } from '../../state/queue-selectors.ts';
import type { StatusFilter } from '../../state/selection-slice.ts';
import { useConsoleStore } from '../../state/store.ts';
import { requestFocus, updateFilter } from '../../state/ui-actions.ts';

const STATUS_CHIPS: ReadonlyArray<{ value: StatusFilter; label: string; keys: string }> = [
  { value: 'unacknowledged', label: 'Unacked', keys: 'f u' },
  { value: 'active', label: 'Open + acked', keys: 'f a' },
  { value: 'all', label: 'All', keys: 'f r' },
];

const SEARCH_DELAY_MS = 120;

export function QueueToolbar() {
  const filter = useConsoleStore((state) => state.filter);
  const shown = useConsoleStore((state) => selectQueue(state).rows.length);
  const total = useConsoleStore((state) => selectQueueAlerts(state).size);
  const inMaintenance = useConsoleStore(selectMaintenanceCount);
  const suppressed = useConsoleStore(selectSuppressedCount);
  const allCustomers = useConsoleStore((state) => state.allCustomers);
  const grouping = useConsoleStore((state) => state.grouping);
  const groups = useConsoleStore((state) => selectQueueLayout(state).groups.length);
  const customer = useConsoleStore(selectActiveCustomer);
  const focusRequest = useConsoleStore((state) => state.focusRequest);
  const [text, setText] = useState(filter.search);
  const input = useRef<HTMLInputElement | null>(null);

  // The store is the truth (Esc or the palette may clear the search); the box follows it, in the same render.
  const [followed, setFollowed] = useState(filter.search);
  if (followed !== filter.search) {
    setFollowed(filter.search);
    setText(filter.search);
  }

  useEffect(() => {
    if (focusRequest.target !== 'search') return;
    input.current?.focus();
    input.current?.select();
  }, [focusRequest]);

  // Sorting 100,000 rows per keystroke would lag the typing; wait for a pause.
  useEffect(() => {
    if (text === filter.search) return;
    const timer = setTimeout(() => updateFilter({ search: text }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, filter.search]);

  return (
    <div className="toolbar">
      <h1 className="toolbar-title">{allCustomers ? 'All customers' : (customer?.name ?? 'No customer')}</h1>
      <label className="search">
        <span className="search-icon" aria-hidden="true">
          /
        </span>
        <input
          ref={input}
          type="search"
          placeholder="Search device, component, summary, event #"
          aria-label="Search the queue"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              updateFilter({ search: text });
              requestFocus('queue');
              event.preventDefault();
            }
          }}
        />
      </label>
      <div className="chips" role="group" aria-label="Status filter">
        {STATUS_CHIPS.map((chip) => (
          <button
            key={chip.value}
            type="button"
            className="chip"
            aria-pressed={filter.status === chip.value}
            title={`${chip.label} (${chip.keys})`}
            onClick={() => updateFilter({ status: chip.value })}
          >
            {chip.label}
          </button>
        ))}
      </div>
      <label className="min-sev">
        <span>Min</span>
        <select
          aria-label="Minimum severity"
          value={filter.minSeverity}
          onChange={(event) => updateFilter({ minSeverity: event.target.value as Severity })}
        >
          {SEVERITIES.filter((severity) => severity !== 'clear').map((severity) => (
            <option key={severity} value={severity}>
              {severity === 'debug' ? 'any' : severity}
            </option>
          ))}
        </select>
      </label>
      {grouping !== 'none' && (
        <span
          className="toolbar-grouping"
          title={`Grouped by ${groupingWord(grouping, 1)} (v n: no grouping; ← → fold and unfold one, - and = all)`}
        >
          {groups.toLocaleString()} {groupingWord(grouping, groups)}
        </span>
      )}
      <span className="toolbar-count" aria-live="polite">
        {shown === total
          ? `${total.toLocaleString()} alerts`
          : `${shown.toLocaleString()} of ${total.toLocaleString()}`}
        {/* Counted as COSS counts them (the sidebar too); this says how many of them are planned work. */}
        {inMaintenance > 0 && (
          <span
            className="toolbar-maint"
            title={`${inMaintenance.toLocaleString()} of the alerts shown are under maintenance: counted, not notified`}
          >
            <span className="visually-hidden">, </span>
            {inMaintenance.toLocaleString()} in maintenance
          </span>
        )}
        {/* Left out of the queue unless asked for: how many, so nothing hides without a trace; a line, not a chip,
            since the toolbar must fit a 1280-pixel screen. */}
        {filter.suppressed ? (
          <span className="toolbar-supp is-on" title="Only the alerts a transform suppressed (f t: the others again)">
            <span className="visually-hidden">, </span>
            suppressed only · f t
          </span>
        ) : (
          suppressed > 0 && (
            <span
              className="toolbar-supp"
              title={`${suppressed.toLocaleString()} alerts a transform suppressed are not shown (f t shows them)`}
            >
              <span className="visually-hidden">, </span>
              {suppressed.toLocaleString()} suppressed
            </span>
          )
        )}
      </span>
    </div>
  );
}
