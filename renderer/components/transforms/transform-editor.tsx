/**
 * `t` on an alert: make a transform from it. The alert's family, device, component, event class and summary are
 * offered as what to match (the family ticked), suppress is the action chosen (set severity, attach notes, auto-page
 * and post the card are there to tick), and COSS's dry run over the last 7 days says what it would have caught, again
 * after every change, before Ctrl+Enter saves it. Tab moves between fields, Space ticks, Esc closes without saving.
 */
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { HostError, TransformPreviewResult } from '../../../shared/host/contract.ts';
import { actionRefusal } from '../../commands/role-gates.ts';
import { findAlert } from '../../state/queue-selectors.ts';
import { getState, useConsoleStore } from '../../state/store.ts';
import { createTransform, previewTransform } from '../../state/transform-actions.ts';
import { closeOverlay, pushToast } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';
import {
  MATCH_FIELDS,
  MATCH_LABELS,
  draftFromAlert,
  draftInput,
  draftProblem,
  type Priority,
  type RaiseSeverity,
  type TransformDraft,
  type TransformRequest,
} from './transform-draft.ts';

const PREVIEW_DELAY_MS = 350;
const SEVERITIES: readonly RaiseSeverity[] = ['debug', 'info', 'warning', 'error', 'critical'];
const PRIORITIES: readonly Priority[] = ['normal', 'urgent', 'emergency'];

function Tick(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; children?: ReactNode }) {
  return (
    <div className="tf-row">
      <label className="tf-tick">
        <input type="checkbox" checked={props.checked} onChange={(event) => props.onChange(event.target.checked)} />{' '}
        {props.label}
      </label>
      {props.children}
    </div>
  );
}

function previewWords(preview: TransformPreviewResult | HostError | null): string {
  if (preview === null) return 'Asking COSS what it would have caught…';
  if ('code' in preview) return `No preview: ${preview.message}`;
  const { matched, days } = preview;
  const suppressed = preview.changes.suppress;
  return (
    `Over the last ${days} days it would have matched ${matched.alerts.toLocaleString()} alert` +
    `${matched.alerts === 1 ? '' : 's'} (${matched.occurrences.toLocaleString()} event${matched.occurrences === 1 ? '' : 's'})` +
    `${suppressed !== undefined ? `, suppressing ${suppressed.alerts.toLocaleString()}` : ''}` +
    `${matched.samples.length > 0 ? `: ${matched.samples.slice(0, 5).join(', ')}${matched.alerts > 5 ? ', …' : ''}` : ''}.` +
    `${preview.complete ? '' : ` (only the newest ${preview.scanned.toLocaleString()} alerts were looked at)`}`
  );
}

export function TransformEditor({ customer, number }: { customer: string; number: number }) {
  const alert = useConsoleStore((state) => findAlert(state, number));
  const targets = useConsoleStore((state) => state.targetsByCustomer[customer]);
  const [draft, setDraft] = useState<TransformDraft | null>(() => (alert === undefined ? null : draftFromAlert(alert)));
  const [answer, setAnswer] = useState<{ key: string; value: TransformPreviewResult | HostError } | null>(null);
  const [failure, setFailure] = useState<HostError | null>(null);
  const [saving, setSaving] = useState(false);

  const why = `made in the console from alert ${number}`;
  const problem = draft === null ? null : draftProblem(draft);
  const request = draft === null || problem !== null ? null : draftInput(draft, why);
  const key = request === null ? '' : JSON.stringify(request);

  // A dry run once the typing pauses; each answer is kept with the draft it is about (its text, `key`).
  useEffect(() => {
    if (key === '') return;
    const asked = JSON.parse(key) as TransformRequest;
    const timer = setTimeout(() => {
      void previewTransform(customer, { ...asked, days: 7 }).then((response) =>
        setAnswer({ key, value: response.ok ? response.value : response.error }),
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [customer, key]);

  if (draft === null)
    return (
      <Dialog title={`Transform from ${number}`}>
        <p className="notes-empty">Alert {number} is not in this console any more.</p>
      </Dialog>
    );

  const change = (next: Partial<TransformDraft>) => setDraft({ ...draft, ...next });
  const preview = answer !== null && answer.key === key ? answer.value : null;

  async function save(): Promise<void> {
    if (request === null || saving) return;
    const refused = actionRefusal('transforms.manage', getState());
    if (refused !== null) return setFailure({ code: 'forbidden', message: refused });
    setSaving(true);
    const saved = await createTransform(customer, request);
    setSaving(false);
    if (!saved.ok) return setFailure(saved.error);
    closeOverlay();
    pushToast(
      'done',
      `Transform #${saved.value.id} “${saved.value.name}” saved: new events it matches are changed from now on.`,
    );
  }

  function onKey(event: KeyboardEvent<HTMLFormElement>): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  }

  return (
    <Dialog title={`Transform from ${number}`} className="dialog-noise dialog-transform">
      <form
        className="tf-form"
        onKeyDown={onKey}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label className="field">
          <span>Name</span>
          <input data-autofocus value={draft.name} onChange={(event) => change({ name: event.target.value })} />
        </label>
        <fieldset className="tf-group">
          <legend>Matches events whose</legend>
          {MATCH_FIELDS.map((field) => (
            <Tick
              key={field}
              label={MATCH_LABELS[field]}
              checked={draft.match[field].on}
              onChange={(on) => change({ match: { ...draft.match, [field]: { ...draft.match[field], on } } })}
            >
              <input
                className={`tf-value${field === 'family' || field === 'summary' ? ' mono' : ''}`}
                aria-label={`${MATCH_LABELS[field]} value`}
                value={draft.match[field].value}
                disabled={!draft.match[field].on}
                onChange={(event) =>
                  change({ match: { ...draft.match, [field]: { on: true, value: event.target.value } } })
                }
              />
            </Tick>
          ))}
        </fieldset>
        <fieldset className="tf-group">
          <legend>And does</legend>
          <Tick
            label="Suppress: counted, out of the queue, nobody notified, not paged"
            checked={draft.suppress}
            onChange={(suppress) => change({ suppress })}
          />
          <Tick
            label="Set severity"
            checked={draft.setSeverity.on}
            onChange={(on) => change({ setSeverity: { ...draft.setSeverity, on } })}
          >
            <select
              aria-label="Severity to set"
              value={draft.setSeverity.severity}
              disabled={!draft.setSeverity.on}
              onChange={(event) => change({ setSeverity: { on: true, severity: event.target.value as RaiseSeverity } })}
            >
              {SEVERITIES.map((severity) => (
                <option key={severity}>{severity}</option>
              ))}
            </select>
          </Tick>
          <Tick
            label="Attach notes"
            checked={draft.notes.on}
            onChange={(on) => change({ notes: { ...draft.notes, on } })}
          >
            <input
              className="tf-value"
              aria-label="Notes to attach"
              value={draft.notes.tier}
              disabled={!draft.notes.on}
              placeholder="Tier notes the alert will carry"
              onChange={(event) => change({ notes: { on: true, tier: event.target.value } })}
            />
          </Tick>
          <Tick
            label="Auto-page"
            checked={draft.autoPage.on}
            onChange={(on) => change({ autoPage: { ...draft.autoPage, on } })}
          >
            <select
              aria-label="Whom to page"
              value={draft.autoPage.target}
              disabled={!draft.autoPage.on}
              onChange={(event) => change({ autoPage: { ...draft.autoPage, on: true, target: event.target.value } })}
            >
              <option value="">choose…</option>
              {(targets ?? []).map((target) => (
                <option key={target.path} value={target.path}>
                  {target.name} ({target.path})
                </option>
              ))}
            </select>
            <select
              aria-label="Page priority"
              value={draft.autoPage.priority}
              disabled={!draft.autoPage.on}
              onChange={(event) =>
                change({ autoPage: { ...draft.autoPage, priority: event.target.value as Priority } })
              }
            >
              {PRIORITIES.map((priority) => (
                <option key={priority}>{priority}</option>
              ))}
            </select>
          </Tick>
          <Tick
            label="Post the event card in the room"
            checked={draft.postCard}
            onChange={(postCard) => change({ postCard })}
          />
        </fieldset>
        <p className="tf-preview" role="status">
          {problem ?? previewWords(preview)}
        </p>
        {failure !== null && (
          <p className="tr-problem" role="alert">
            {failure.field !== undefined ? `${failure.field}: ` : ''}
            {failure.message}
          </p>
        )}
        <div className="dialog-actions">
          <span className="hint">Tab moves · Space ticks · Ctrl+Enter saves · Esc closes without saving</span>
          <button type="submit" className="primary" disabled={request === null || saving}>
            Save transform
          </button>
        </div>
      </form>
    </Dialog>
  );
}
