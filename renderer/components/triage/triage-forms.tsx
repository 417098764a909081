/**
 * The two decisions that need more than a key: actionable (the escalation notes new alerts of the family will carry,
 * and optionally a target to page when one opens) and noise (every device, or only those seen, with how many alerts
 * of the last days the suppression would have caught). Ctrl+Enter (or Enter in the noise pane) decides; Esc goes
 * back to the family without deciding.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { HostError } from '../../../shared/host/contract.ts';
import { familyOf } from '../../../shared/noise-family.ts';
import type { TriageDecision, TriageItem, TriagePreview } from '../../../shared/triage.ts';
import { useConsoleStore } from '../../state/store.ts';
import { previewNoise } from '../../state/triage-actions.ts';

const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;

function isSave(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}

export interface FormProps {
  customer: string;
  sessionId: number;
  item: TriageItem;
  busy: boolean;
  onDecide: (decision: TriageDecision) => void;
  onBack: () => void;
}

export function ActionableForm({ customer, item, busy, onDecide, onBack }: FormProps) {
  const targets = useConsoleStore((state) => state.targetsByCustomer[customer]);
  const [tier, setTier] = useState('');
  const [device, setDevice] = useState('');
  const [target, setTarget] = useState('');
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>('normal');
  const empty = tier.trim() === '' && device.trim() === '';

  function save(): void {
    if (empty || busy) return;
    onDecide({
      decision: 'actionable',
      tierNotes: tier,
      deviceNotes: device,
      ...(target !== '' ? { autoPage: { target, priority } } : {}),
    });
  }

  function onKey(event: KeyboardEvent<HTMLFormElement>): void {
    if (isSave(event)) {
      event.preventDefault();
      save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onBack();
    }
  }

  return (
    <form
      className="tr-form"
      aria-label={`Actionable: ${item.label}`}
      onKeyDown={onKey}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label className="field">
        <span>Tier notes (what the NOC does first)</span>
        <textarea
          autoFocus
          rows={3}
          value={tier}
          onChange={(event) => setTier(event.target.value)}
          placeholder="e.g. Tier 1: check the link on the switch port; page network if it stays down 10 min"
        />
      </label>
      <label className="field">
        <span>Device notes (about these devices)</span>
        <textarea rows={2} value={device} onChange={(event) => setDevice(event.target.value)} />
      </label>
      <div className="tr-autopage">
        <label className="field">
          <span>Auto-page when one opens (optional)</span>
          <select value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="">nobody: notes only</option>
            {(targets ?? []).map((candidate) => (
              <option key={candidate.path} value={candidate.path}>
                {candidate.name} ({candidate.path})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Priority</span>
          <select
            value={priority}
            disabled={target === ''}
            onChange={(event) => setPriority(event.target.value as (typeof PRIORITIES)[number])}
          >
            {PRIORITIES.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="dialog-actions">
        <span className="hint">
          {empty ? 'Write tier or device notes · Esc back' : 'Ctrl+Enter decides actionable · Esc back'}
        </span>
        <button type="submit" className="primary" disabled={empty || busy}>
          Actionable
        </button>
      </div>
    </form>
  );
}

/**
 * The devices to offer for "noise on these devices": those COSS saw the family on over the session's period (cleared
 * ones too, which is where flapping noise lives); from a COSS that does not send them, the devices of the family's
 * alerts this console holds.
 */
function useSeenDevices(customer: string, item: TriageItem): readonly string[] {
  const held = useHeldDevices(customer, item.family);
  return item.seenDevices !== undefined && item.seenDevices.length > 0 ? item.seenDevices : held;
}

/** The distinct devices of the family's alerts the console holds for the customer, sorted. */
function useHeldDevices(customer: string, family: string): string[] {
  const alerts = useConsoleStore((state) => state.alertsByCustomer[customer]);
  return useMemo(() => {
    const devices = new Set<string>();
    // COSS does not send an alert's family: the shared rule gives the key it stores.
    for (const alert of alerts?.values() ?? [])
      if ((alert.family ?? familyOf(alert)) === family) devices.add(alert.device);
    return [...devices].sort();
  }, [alerts, family]);
}

export function NoisePane({ customer, sessionId, item, busy, onDecide, onBack }: FormProps) {
  const seen = useSeenDevices(customer, item);
  const [scope, setScope] = useState<'all' | 'seen'>('all');
  // Kept with the question it answers: a preview of other devices is no answer to this one.
  const [answer, setAnswer] = useState<{ key: string; value: TriagePreview | HostError } | null>(null);
  const devices = scope === 'seen' && seen.length > 0 ? seen : undefined;
  const pane = useRef<HTMLDivElement | null>(null);

  // The pane takes the keys (1, 2, Enter, Esc) from the moment it shows.
  useEffect(() => {
    pane.current?.focus();
  }, []);

  // The devices as one string: a new array each render must not ask again.
  const seenKey = seen.join('\n');
  const question = `${scope}\n${seenKey}`;
  useEffect(() => {
    let current = true;
    const chosen = scope === 'seen' && seenKey !== '' ? seenKey.split('\n') : undefined;
    void previewNoise(customer, sessionId, item.position, chosen).then((response) => {
      if (current) setAnswer({ key: `${scope}\n${seenKey}`, value: response.ok ? response.value : response.error });
    });
    return () => {
      current = false;
    };
  }, [customer, sessionId, item.position, scope, seenKey]);
  const preview = answer !== null && answer.key === question ? answer.value : null;

  function onKey(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === '1' || event.key === '2') {
      event.preventDefault();
      event.stopPropagation();
      if (event.key === '2' && seen.length === 0) return;
      setScope(event.key === '1' ? 'all' : 'seen');
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!busy) onDecide({ decision: 'noise', ...(devices !== undefined ? { devices: [...devices] } : {}) });
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onBack();
    }
  }

  const words =
    preview === null
      ? 'Counting what it would have caught…'
      : 'code' in preview
        ? `No preview: ${preview.message}`
        : `Would have suppressed ${preview.alerts.toLocaleString()} alert${preview.alerts === 1 ? '' : 's'} ` +
          `(${preview.occurrences.toLocaleString()} events) of the last ${preview.days} days.`;

  return (
    <div ref={pane} className="tr-noise" tabIndex={0} onKeyDown={onKey} aria-label={`Noise: ${item.label}`}>
      <div className="nz-periods" role="radiogroup" aria-label="Suppress on">
        <button
          type="button"
          className="chip"
          tabIndex={-1}
          role="radio"
          aria-checked={scope === 'all'}
          onClick={() => setScope('all')}
        >
          <kbd>1</kbd> every device
        </button>
        <button
          type="button"
          className="chip"
          tabIndex={-1}
          role="radio"
          aria-checked={scope === 'seen'}
          disabled={seen.length === 0}
          onClick={() => setScope('seen')}
        >
          <kbd>2</kbd> the {seen.length} device{seen.length === 1 ? '' : 's'} seen
        </button>
      </div>
      {scope === 'seen' && <p className="tr-devices">{seen.join(', ')}</p>}
      <p className="tr-preview" role="status">
        {words}
      </p>
      <div className="dialog-actions">
        <span className="hint">
          1 every device · 2 those seen · Enter decides noise (a suppression transform) · Esc back
        </span>
      </div>
    </div>
  );
}
