/**
 * `m`: a maintenance window for the cursor alert's customer. The scope starts as the alert's device and can be
 * narrowed or widened (device globs, components, event classes, Systems, device groups, label matchers); the preview
 * says what it covers among the open alerts this console holds, with the matcher COSS uses. Keyboard only: Tab
 * between fields, Enter makes the window, Esc cancels. What COSS refuses is shown against the field it names.
 */
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { ALL_CUSTOMERS, type AlertView } from '../../../shared/host/contract.ts';
import { createWindow } from '../../state/maintenance-actions.ts';
import {
  coversWholeCustomer,
  draftFor,
  draftInput,
  draftScope,
  fieldLabel,
  fieldOf,
  type FieldProblem,
  type MaintenanceDraft,
  type MaintenanceField,
  type ScopeDraft,
} from '../../state/maintenance-form.ts';
import { previewScope, previewText } from '../../state/maintenance-preview.ts';
import { getState, useConsoleStore, type ConsoleState } from '../../state/store.ts';
import { closeOverlay, pushToast } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { scopeText, windowWhen } from './window-text.ts';

/**
 * Examples, never values: a placeholder that names another customer's systems (or reads like a real device) can be
 * taken for what the field holds. Named after the customer in front where a path shows where it goes.
 */
function placeholders(customerName: string): Readonly<Record<MaintenanceField, string>> {
  return {
    devices: 'e.g. web01, db*',
    components: 'e.g. eth0, /var',
    eventClasses: 'e.g. /Status/Ping',
    systems: `e.g. /${customerName}/Web`,
    deviceGroups: `e.g. /Customers/${customerName}`,
    matchers: 'e.g. {job="node", instance=~"db.*"}',
    duration: '2h, 30m, 1h30m, 1d',
    reason: 'e.g. kernel patching',
    ticket: 'optional, e.g. CHG-1234',
  };
}

const SCOPE_FIELDS = ['devices', 'components', 'eventClasses', 'systems', 'deviceGroups', 'matchers'] as const;
const WINDOW_FIELDS = ['duration', 'reason', 'ticket'] as const;

/** The customer's alerts, from its own queue or, in the all-customers view, from the queue of everyone's. */
function* customerAlerts(state: ConsoleState, customer: string): Generator<AlertView> {
  const own = state.alertsByCustomer[customer];
  if (own !== undefined) {
    yield* own.values();
    return;
  }
  for (const alert of state.alertsByCustomer[ALL_CUSTOMERS]?.values() ?? [])
    if (alert.customer === customer) yield alert;
}

function fieldId(field: MaintenanceField): string {
  return `maint-${field}`;
}

interface FieldProps {
  field: MaintenanceField;
  value: string;
  placeholder: string;
  problem: FieldProblem | null;
  onChange: (field: MaintenanceField, value: string) => void;
  autoFocus?: boolean;
}

function Field({ field, value, placeholder, problem, onChange, autoFocus = false }: FieldProps) {
  const wrong = problem?.field === field;
  const errorId = `${fieldId(field)}-error`;
  return (
    <>
      <label className="field-label" htmlFor={fieldId(field)}>
        {fieldLabel(field)}
      </label>
      <input
        id={fieldId(field)}
        className="field"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        maxLength={field === 'matchers' ? 2048 : 500}
        aria-invalid={wrong}
        aria-describedby={wrong ? errorId : undefined}
        data-autofocus={autoFocus ? true : undefined}
        onChange={(event) => onChange(field, event.target.value)}
      />
      {wrong && (
        <p className="field-error" id={errorId} role="alert">
          {problem.message}
        </p>
      )}
    </>
  );
}

export function MaintenanceDialog({ customer, seed }: { customer: string; seed: Partial<ScopeDraft> }) {
  const customerName = useConsoleStore(
    (state) => state.customers.find((candidate) => candidate.slug === customer)?.name ?? customer,
  );
  const examples = useMemo(() => placeholders(customerName), [customerName]);
  const [draft, setDraft] = useState<MaintenanceDraft>(() => draftFor(seed));
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const { devices, components, eventClasses, systems, deviceGroups, matchers } = draft;
  const scope = useMemo(
    () => draftScope({ devices, components, eventClasses, systems, deviceGroups, matchers }),
    [devices, components, eventClasses, systems, deviceGroups, matchers],
  );
  // Matching runs over every alert of the customer: typing goes first, the preview follows.
  const previewed = useDeferredValue(scope);
  const alerts = useConsoleStore((state) => state.alertsByCustomer[customer] ?? state.alertsByCustomer[ALL_CUSTOMERS]);
  const preview = useMemo(
    // `alerts` is read for its identity: a new map means the alerts changed and the preview is worked out again.
    () => (alerts === undefined ? null : previewScope(customerAlerts(getState(), customer), previewed)),
    [alerts, customer, previewed],
  );
  const whole = coversWholeCustomer(scope);

  useEffect(() => {
    if (problem !== null) document.getElementById(fieldId(problem.field))?.focus();
  }, [problem]);

  function change(field: MaintenanceField, value: string): void {
    setDraft((current) => ({ ...current, [field]: value }));
    if (problem?.field === field) setProblem(null);
  }

  async function submit(): Promise<void> {
    if (busy) return;
    const built = draftInput(draft);
    if (!built.ok) {
      setProblem(built.problem);
      return;
    }
    setBusy(true);
    setFailure(null);
    const result = await createWindow(customer, built.input);
    if (result.ok) {
      const made = result.window;
      const zone = getState().customers.find((candidate) => candidate.slug === customer)?.timeZone;
      pushToast(
        'done',
        `Maintenance window ${made.id} made for ${customerName} (${scopeText(made.scope)}): ${made.reason}, ${windowWhen(made, zone)}.`,
      );
      closeOverlay();
      return;
    }
    setBusy(false);
    const field = fieldOf(result.error.field);
    if (field !== null) setProblem({ field, message: `COSS refused it: ${result.error.message}` });
    else setFailure(`COSS did not make the window: ${result.error.message}`);
  }

  return (
    <Dialog title={`Maintenance window for ${customerName}`} className="dialog-wide">
      <form
        className="maint-form"
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p className="maint-section">
          Scope: every field filled in must match; commas separate alternatives; all empty is the whole customer.
        </p>
        {SCOPE_FIELDS.map((field) => (
          <Field
            key={field}
            field={field}
            value={draft[field]}
            placeholder={examples[field]}
            problem={problem}
            onChange={change}
          />
        ))}
        <p className="maint-preview" role="status" data-whole={whole} aria-live="polite">
          {preview === null ? 'No alerts of this customer are loaded yet.' : previewText(preview)}
          {whole && preview?.ok === true ? `. This covers the whole of ${customerName}.` : ''}
        </p>
        <p className="maint-section">Window: from now, for the duration.</p>
        {WINDOW_FIELDS.map((field) => (
          <Field
            key={field}
            field={field}
            value={draft[field]}
            placeholder={examples[field]}
            problem={problem}
            onChange={change}
            autoFocus={field === 'reason'}
          />
        ))}
        {failure !== null && (
          <p className="maint-error maint-span" role="alert">
            {failure}
          </p>
        )}
        <div className="dialog-actions maint-span">
          <span className="hint">Tab moves · Enter makes the window · Esc cancels</span>
          <button type="button" className="btn" onClick={closeOverlay}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Making…' : 'Make window'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
