/**
 * `Ctrl+Shift+F` (or `g n`): full-text search over the customer's escalation notes — runbook rules and the notes
 * and comments of its alerts. The core answers from its cached notes bundle, so this works while COSS is away;
 * the panel says so whenever the connection is not live. ↑↓ (or j/k in the list) move, Enter opens.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AlertView } from '../../../shared/host/contract.ts';
import { noteSearchTerms } from '../../../shared/notes-search.ts';
import { openAlertFromNotes, searchCustomerNotes, type NotesHit } from '../../state/notes-actions.ts';
import { selectActiveCustomer } from '../../state/queue-selectors.ts';
import { useConsoleStore } from '../../state/store.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { formatAge } from '../common/format.ts';
import { MarkdownNotes } from './markdown-notes.tsx';
import { useNow } from '../common/use-now.ts';

const SEARCH_DELAY_MS = 120;
const NO_ALERTS: ReadonlyMap<number, AlertView> = new Map();

type Answer = { query: string; hits: readonly NotesHit[] } | { query: string; error: string };

/** The snippet with each query term marked, matched case-insensitively as the core matches. */
function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  if (terms.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return (
    <>
      {text
        .split(pattern)
        .map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : <span key={index}>{part}</span>))}
    </>
  );
}

function hitId(hit: NotesHit, index: number): string {
  return `notes-hit-${index}-${hit.alertNumber ?? `r${hit.ruleId ?? 'x'}`}`;
}

/** Where the answers come from: quiet when live, unmistakable when not. */
function SourceNote({ customerName }: { customerName: string }) {
  const connection = useConsoleStore((state) => state.connection);
  const now = useNow();
  if (connection === null || connection.status === 'live' || connection.status === 'connecting') {
    return (
      <p className="notes-source" data-offline="false">
        Searches {customerName}&apos;s runbook rules and alert notes, from the notes bundle kept in step with COSS.
      </p>
    );
  }
  const age = connection.syncedAt !== null ? `synced ${formatAge(connection.syncedAt, now)} ago` : 'never synced';
  return (
    <p className="notes-source notes-source-offline" data-offline="true" role="note">
      <strong>
        {connection.status === 'reconnecting' ? 'COSS unreachable' : 'Offline'}: searching the notes cached on this
        machine
      </strong>{' '}
      ({age}). Rule changes made in COSS since then are not included.
    </p>
  );
}

/** A rule hit opened with Enter: its text as far as the hit carries it, and the alerts here that use the rule. */
function RuleNotes({
  hit,
  alerts,
  onBack,
  onOpen,
}: {
  hit: NotesHit;
  alerts: readonly AlertView[];
  onBack: () => void;
  onOpen: (number: number) => void;
}) {
  return (
    <div
      className="rule-notes"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // Esc steps back to the hits rather than closing the search.
        event.stopPropagation();
        event.preventDefault();
        onBack();
      }}
    >
      <div className="rule-notes-head">
        <span className="hit-kind hit-kind-rule">Rule{hit.ruleId !== null ? ` ${hit.ruleId}` : ''}</span>
        <h3>{hit.title}</h3>
      </div>
      <div className="rule-notes-text">
        <MarkdownNotes text={hit.snippet} empty="This rule has no notes text." />
      </div>
      <p className="notes-source">
        An excerpt around your search words; an alert below shows the full notes it was given.
      </p>
      <h4 className="field-label">Alerts here with this rule&apos;s notes</h4>
      {alerts.length === 0 ? (
        <p className="notes-empty">
          No alert of this customer in the console carries this rule&apos;s notes right now.
        </p>
      ) : (
        <ul className="rule-notes-alerts">
          {alerts.map((alert) => (
            <li key={alert.number}>
              <button type="button" className="btn btn-small" onClick={() => onOpen(alert.number)}>
                Open {alert.number}
              </button>
              <span className="dim">
                {alert.device} · {alert.summary}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <span className="hint">Esc back to the results</span>
        <button type="button" className="btn" data-autofocus onClick={onBack}>
          Back to results
        </button>
      </div>
    </div>
  );
}

export function NotesSearchPanel() {
  const customer = useConsoleStore(selectActiveCustomer);
  const alerts = useConsoleStore((state) =>
    state.activeCustomer !== null ? (state.alertsByCustomer[state.activeCustomer] ?? NO_ALERTS) : NO_ALERTS,
  );
  const [query, setQuery] = useState('');
  const [fetched, setAnswer] = useState<Answer | null>(null);
  const [active, setActive] = useState(0);
  const [rule, setRule] = useState<NotesHit | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const slug = customer?.slug ?? null;

  // An empty query shows no answer at once; a late answer to an earlier query is dropped below.
  const answer = slug === null || query.trim() === '' ? null : fetched;
  useEffect(() => {
    const trimmed = query.trim();
    if (slug === null || trimmed === '') return;
    let current = true;
    const timer = setTimeout(() => {
      void searchCustomerNotes(slug, trimmed).then((result) => {
        if (!current) return;
        setAnswer(result.ok ? { query: trimmed, hits: result.hits } : { query: trimmed, error: result.error.message });
        setActive(0);
      });
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, slug]);

  const hits = answer !== null && 'hits' in answer ? answer.hits : [];
  const terms = useMemo(() => noteSearchTerms(answer?.query ?? ''), [answer]);
  const highlighted = Math.min(active, hits.length - 1);
  const ruleAlerts = useMemo(() => {
    const ruleId = rule?.ruleId ?? null;
    return ruleId === null ? [] : [...alerts.values()].filter((alert) => alert.notes.ruleIds.includes(ruleId));
  }, [alerts, rule]);

  function open(hit: NotesHit | undefined): void {
    if (hit === undefined || slug === null) return;
    if (hit.alertNumber !== null) void openAlertFromNotes(slug, hit.alertNumber);
    else setRule(hit);
  }

  function move(delta: number): void {
    if (hits.length === 0) return;
    setActive(Math.min(hits.length - 1, Math.max(0, highlighted + delta)));
  }

  function onListKey(event: KeyboardEvent<HTMLElement>, inField: boolean): void {
    const key = event.key;
    let handled = true;
    if (key === 'ArrowDown' || (!inField && key === 'j')) move(1);
    else if (key === 'ArrowUp' || (!inField && key === 'k')) move(-1);
    else if (key === 'PageDown') move(10);
    else if (key === 'PageUp') move(-10);
    else if (!inField && key === 'Home') setActive(0);
    else if (!inField && key === 'End') setActive(hits.length - 1);
    else if (key === 'Enter') open(hits[highlighted]);
    else if (!inField && key === '/') input.current?.focus();
    else handled = false;
    if (handled) event.preventDefault();
  }

  const customerName = customer?.name ?? 'this customer';
  const title = `Search ${customerName}'s notes`;

  if (rule !== null) {
    return (
      <Dialog key="rule" title={title} className="notes-search">
        <SourceNote customerName={customerName} />
        <RuleNotes
          hit={rule}
          alerts={ruleAlerts}
          onBack={() => {
            setRule(null);
          }}
          onOpen={(number) => slug !== null && void openAlertFromNotes(slug, number)}
        />
      </Dialog>
    );
  }

  return (
    <Dialog key="search" title={title} className="notes-search">
      <SourceNote customerName={customerName} />
      <input
        ref={input}
        data-autofocus
        className="field notes-search-input"
        type="text"
        role="combobox"
        aria-label="Search notes"
        aria-expanded={hits.length > 0}
        aria-controls="notes-hits"
        aria-activedescendant={hits[highlighted] !== undefined ? hitId(hits[highlighted], highlighted) : undefined}
        placeholder="Device, check, ticket… e.g. x7 or CheckDNSELB"
        spellCheck={false}
        maxLength={200}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => onListKey(event, true)}
      />
      {answer === null && (
        <p className="notes-hint">
          Type to search {customerName}&apos;s runbook rules, alert notes and comments. Every word must match.
        </p>
      )}
      {answer !== null && 'error' in answer && (
        <p className="notes-error" role="alert">
          Search failed: {answer.error}
        </p>
      )}
      {answer !== null && 'hits' in answer && hits.length === 0 && (
        <p className="notes-hint">No notes match “{answer.query}”.</p>
      )}
      {hits.length > 0 && (
        <ul
          id="notes-hits"
          className="notes-hits"
          role="listbox"
          aria-label="Matching notes"
          tabIndex={0}
          aria-activedescendant={hits[highlighted] !== undefined ? hitId(hits[highlighted], highlighted) : undefined}
          onKeyDown={(event) => onListKey(event, false)}
        >
          {hits.map((hit, index) => (
            <li
              key={hitId(hit, index)}
              id={hitId(hit, index)}
              role="option"
              aria-selected={index === highlighted}
              className={`notes-hit${index === highlighted ? ' is-active' : ''}`}
              data-alert-number={hit.alertNumber ?? undefined}
              data-rule-id={hit.ruleId ?? undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                setActive(index);
                open(hit);
              }}
              ref={index === highlighted ? (element) => element?.scrollIntoView({ block: 'nearest' }) : undefined}
            >
              <div className="notes-hit-head">
                <span className={`hit-kind ${hit.alertNumber !== null ? 'hit-kind-alert' : 'hit-kind-rule'}`}>
                  {hit.alertNumber !== null ? `#${hit.alertNumber}` : 'Rule'}
                </span>
                <span className="notes-hit-title">
                  <Highlighted text={hit.title} terms={terms} />
                </span>
              </div>
              <p className="notes-hit-snippet">
                <Highlighted text={hit.snippet} terms={terms} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <span className="hint">
          {hits.length > 0 ? `${hits.length} match${hits.length === 1 ? '' : 'es'} · ` : ''}↑↓ move (j/k after Tab) ·
          Enter opens · Esc closes
        </span>
      </div>
    </Dialog>
  );
}
