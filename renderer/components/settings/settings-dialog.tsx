/**
 * `Ctrl+,` (or `,`): which COSS to use, the API token (write-only), the direct-PagerDuty fallback and the
 * notification policy. The host validates and answers with what it now holds; its error messages are shown as
 * they come. Enter saves from any field; Esc closes without saving.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/alert.ts';
import type { NotificationPolicy } from '../../../shared/host/contract.ts';
import { loadSettings, saveSettings, type ConsoleSettings, type SettingsChange } from '../../state/settings-actions.ts';
import { useConsoleStore } from '../../state/store.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';

type Rule = NotificationPolicy['rules'][number];
type Sound = Rule['sound'];

/** What the form holds; the token is only what the operator typed here, never the stored one. */
interface Draft {
  cossUrl: string;
  newToken: string;
  removeToken: boolean;
  pagerDutyFallback: boolean;
  notifications: NotificationPolicy;
}

type Status = { tone: 'saved'; message: string } | { tone: 'error'; message: string } | null;

const SEVERITIES_WORST_FIRST: readonly Severity[] = [...SEVERITIES].reverse();
const SOUND_LABELS: Readonly<Record<Sound, string>> = { none: 'No sound', soft: 'Soft', alarm: 'Alarm' };
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function draftFrom(settings: ConsoleSettings): Draft {
  return {
    cossUrl: settings.cossUrl,
    newToken: '',
    removeToken: false,
    pagerDutyFallback: settings.pagerDutyFallback,
    notifications: structuredClone(settings.notifications),
  };
}

/** The request for a draft: the token only when one was typed or removal chosen, so saving never touches it by accident. */
function changeFrom(draft: Draft): SettingsChange {
  const token = draft.removeToken ? '' : draft.newToken.trim() !== '' ? draft.newToken.trim() : undefined;
  return {
    cossUrl: draft.cossUrl.trim(),
    pagerDutyFallback: draft.pagerDutyFallback,
    notifications: draft.notifications,
    ...(token !== undefined ? { token } : {}),
  };
}

/** Which COSS the console uses now and where that address came from, so an empty URL field never misleads. */
function ConnectedTo({ settings }: { settings: ConsoleSettings }) {
  const connected = settings.connectedTo;
  if (connected === undefined) return null;
  if (connected === null) return <p className="settings-help settings-connected">Not connected to any COSS yet.</p>;
  const from =
    connected.origin === 'command-line'
      ? 'given on the command line (--coss). A URL saved below replaces it.'
      : connected.origin === 'embedded'
        ? 'the embedded local COSS on this machine, with sample data.'
        : 'from these settings.';
  return (
    <p className="settings-help settings-connected" data-origin={connected.origin}>
      Now using <code>{connected.url}</code>, {from}
    </p>
  );
}

/** A check the host would also make, caught here to say it in words rather than as a pattern. */
function timeProblem(policy: NotificationPolicy): { field: string; message: string } | null {
  if (!TIME.test(policy.quietHours.start)) return { field: 'settings-quiet-start', message: 'Quiet hours start must be a 24-hour time such as 22:00.' };
  if (!TIME.test(policy.quietHours.end)) return { field: 'settings-quiet-end', message: 'Quiet hours end must be a 24-hour time such as 07:00.' };
  return null;
}

/** Hints about rules that do not do what they seem to: a duplicate customer, or nobody covered by `*`. */
function ruleWarnings(rules: readonly Rule[], nameOf: (slug: string) => string): string[] {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.customer)) warnings.push(`${nameOf(rule.customer)} has more than one rule; only the first counts.`);
    seen.add(rule.customer);
  }
  if (!seen.has('*')) warnings.push('No rule for * (every customer): customers without a rule of their own are never notified.');
  return warnings;
}

/** Enter saves from text fields, checkboxes and selects; buttons keep Enter for themselves. */
function isSaveKey(event: KeyboardEvent<HTMLFormElement>): boolean {
  if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return false;
  const target = event.target as HTMLElement;
  return target.tagName !== 'BUTTON' && target.tagName !== 'TEXTAREA' && target.tagName !== 'A';
}

export function SettingsDialog() {
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void loadSettings().then((result) => {
      if (!current) return;
      if (result.ok) setSettings(result.settings);
      else setLoadError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, []);

  if (settings === null) {
    return (
      <Dialog key={loadError === null ? 'loading' : 'failed'} title="Settings" className="settings-dialog">
        {loadError === null ? (
          <p className="dim">Loading settings…</p>
        ) : (
          <p className="settings-status settings-status-error" role="alert">
            The settings could not be read: {loadError}
          </p>
        )}
        <div className="dialog-actions">
          <span className="hint">Esc closes</span>
          <button type="button" className="btn" onClick={closeOverlay}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }
  return <SettingsForm initial={settings} />;
}

function SettingsForm({ initial }: { initial: ConsoleSettings }) {
  const customers = useConsoleStore((state) => state.customers);
  const [saved, setSaved] = useState<ConsoleSettings>(initial);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(initial));
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [invalidField, setInvalidField] = useState<string | null>(null);

  const nameOf = (slug: string): string => (slug === '*' ? 'Every customer (*)' : (customers.find((customer) => customer.slug === slug)?.name ?? slug));
  const policy = draft.notifications;
  const warnings = ruleWarnings(policy.rules, nameOf);

  function edit(change: Partial<Draft>): void {
    setDraft((current) => ({ ...current, ...change }));
    if (status?.tone === 'saved') setStatus(null);
  }
  function editPolicy(change: Partial<NotificationPolicy>): void {
    edit({ notifications: { ...policy, ...change } });
  }
  function editRule(index: number, change: Partial<Rule>): void {
    editPolicy({ rules: policy.rules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)) });
  }
  function addRule(): void {
    const unused = customers.find((customer) => !policy.rules.some((rule) => rule.customer === customer.slug));
    const customer = policy.rules.some((rule) => rule.customer === '*') ? (unused?.slug ?? '*') : '*';
    editPolicy({ rules: [...policy.rules, { customer, minSeverity: 'error', sound: 'soft' }] });
  }

  async function save(): Promise<void> {
    if (busy) return;
    const problem = timeProblem(policy);
    if (problem !== null) {
      setInvalidField(problem.field);
      setStatus({ tone: 'error', message: problem.message });
      document.getElementById(problem.field)?.focus();
      return;
    }
    setInvalidField(null);
    setBusy(true);
    const change = changeFrom(draft);
    const result = await saveSettings(change);
    setBusy(false);
    if (!result.ok) {
      setStatus({ tone: 'error', message: result.error.message });
      return;
    }
    const reconnects = result.settings.cossUrl !== saved.cossUrl || change.token !== undefined || result.settings.pagerDutyFallback !== saved.pagerDutyFallback;
    setSaved(result.settings);
    setDraft(draftFrom(result.settings));
    setStatus({ tone: 'saved', message: reconnects ? 'Saved. The console reconnects with the new settings.' : 'Saved.' });
  }

  const storage = saved.secretStorage;
  const tokenState = draft.removeToken ? 'will be removed when you save' : saved.hasToken ? 'set' : 'not set';
  const customerOptions = ['*', ...customers.map((customer) => customer.slug)];

  return (
    <Dialog title="Settings" className="settings-dialog">
      <form
        className="settings-form"
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        onKeyDown={(event) => {
          if (!isSaveKey(event)) return;
          event.preventDefault();
          void save();
        }}
      >
        <section className="settings-section" aria-labelledby="settings-coss-heading">
          <h3 id="settings-coss-heading">COSS</h3>
          <ConnectedTo settings={saved} />
          <label className="field-label" htmlFor="settings-coss-url">
            COSS URL
          </label>
          <input
            id="settings-coss-url"
            data-autofocus
            className="field"
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            maxLength={2048}
            placeholder="empty: the embedded local COSS"
            aria-describedby="settings-coss-help"
            value={draft.cossUrl}
            onChange={(event) => edit({ cossUrl: event.target.value })}
          />
          <p id="settings-coss-help" className="settings-help">
            {draft.cossUrl.trim() === '' ? (
              <>
                <strong>Empty: the console runs the embedded local COSS</strong> on this machine, with sample data. It is not the
                NOC&apos;s shared server; the status bar marks it LOCAL.
              </>
            ) : (
              <>The NOC&apos;s COSS server, e.g. https://coss.noc.example.com. Leave empty to run the embedded local COSS instead.</>
            )}
          </p>

          <label className="field-label" htmlFor="settings-token">
            API token
          </label>
          <div className="settings-token-state" data-has-token={saved.hasToken} data-remove={draft.removeToken}>
            <span className={`token-dot ${saved.hasToken && !draft.removeToken ? 'is-set' : ''}`} aria-hidden="true" />
            <span>
              A token is <strong>{tokenState}</strong>. It is never shown here; type a new one to replace it.
            </span>
          </div>
          <input
            id="settings-token"
            className="field"
            type="password"
            autoComplete="off"
            spellCheck={false}
            maxLength={500}
            placeholder={saved.hasToken ? 'New token (leave empty to keep the current one)' : 'Paste the token from COSS'}
            aria-describedby="settings-secret-storage"
            disabled={draft.removeToken}
            value={draft.newToken}
            onChange={(event) => edit({ newToken: event.target.value })}
          />
          {saved.hasToken && (
            <label className="settings-check">
              <input type="checkbox" checked={draft.removeToken} onChange={(event) => edit({ removeToken: event.target.checked, newToken: '' })} />
              Remove the stored token
            </label>
          )}
          <p id="settings-secret-storage" className={`secret-storage ${storage?.encrypted === true ? 'is-encrypted' : 'is-plain'}`} data-encrypted={storage?.encrypted ?? 'unknown'}>
            <span className="secret-storage-badge">{storage === undefined ? 'Storage unknown' : storage.encrypted ? 'Encrypted' : 'Not encrypted'}</span>
            {storage?.description ?? 'This host does not say where it keeps the token.'}
          </p>
        </section>

        <section className="settings-section" aria-labelledby="settings-pd-heading">
          <h3 id="settings-pd-heading">PagerDuty fallback</h3>
          <label className="settings-check">
            <input
              type="checkbox"
              aria-describedby="settings-pd-help"
              checked={draft.pagerDutyFallback}
              onChange={(event) => edit({ pagerDutyFallback: event.target.checked })}
            />
            Page and acknowledge directly in PagerDuty when COSS is unreachable
          </label>
          <p id="settings-pd-help" className="settings-help">
            While COSS is unreachable, pages and acknowledgements go straight to PagerDuty and are marked <em>sent direct</em>. When COSS
            is back, the console tells the room what it did and COSS takes over the same incidents. Off: they wait in the queue until
            COSS is back.
          </p>
        </section>

        <section className="settings-section" aria-labelledby="settings-notify-heading">
          <h3 id="settings-notify-heading">Notifications</h3>
          <p className="settings-help">
            A new alert notifies when its severity is at or above the rule for its customer. A customer&apos;s own rule wins over *.
          </p>
          <table className="rules-table">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Minimum severity</th>
                <th scope="col">Sound</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {policy.rules.length === 0 && (
                <tr>
                  <td colSpan={4} className="notes-empty">
                    No rules: new alerts never notify.
                  </td>
                </tr>
              )}
              {policy.rules.map((rule, index) => (
                <tr key={index} data-rule-customer={rule.customer}>
                  <td>
                    <select className="field" aria-label={`Rule ${index + 1} customer`} value={rule.customer} onChange={(event) => editRule(index, { customer: event.target.value })}>
                      {(customerOptions.includes(rule.customer) ? customerOptions : [...customerOptions, rule.customer]).map((slug) => (
                        <option key={slug} value={slug}>
                          {nameOf(slug)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      className="field"
                      aria-label={`Rule ${index + 1} minimum severity`}
                      value={rule.minSeverity}
                      onChange={(event) => editRule(index, { minSeverity: event.target.value as Severity })}
                    >
                      {SEVERITIES_WORST_FIRST.map((severity) => (
                        <option key={severity} value={severity}>
                          {severity === 'critical' ? 'critical only' : `${severity} and worse`}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select className="field" aria-label={`Rule ${index + 1} sound`} value={rule.sound} onChange={(event) => editRule(index, { sound: event.target.value as Sound })}>
                      {(Object.keys(SOUND_LABELS) as Sound[]).map((sound) => (
                        <option key={sound} value={sound}>
                          {SOUND_LABELS[sound]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`Remove the rule for ${nameOf(rule.customer)}`}
                      onClick={() => editPolicy({ rules: policy.rules.filter((_, at) => at !== index) })}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="btn btn-small" onClick={addRule}>
            Add rule
          </button>
          {warnings.map((warning) => (
            <p key={warning} className="settings-warning">
              {warning}
            </p>
          ))}

          <div className="quiet-hours">
            <label className="settings-check">
              <input
                type="checkbox"
                checked={policy.quietHours.enabled}
                onChange={(event) => editPolicy({ quietHours: { ...policy.quietHours, enabled: event.target.checked } })}
              />
              Quiet hours
            </label>
            <label htmlFor="settings-quiet-start" className="dim">
              from
            </label>
            <input
              id="settings-quiet-start"
              className="field time-field"
              type="text"
              inputMode="numeric"
              maxLength={5}
              placeholder="22:00"
              aria-label="Quiet hours start (24-hour, local time)"
              aria-invalid={invalidField === 'settings-quiet-start'}
              disabled={!policy.quietHours.enabled}
              value={policy.quietHours.start}
              onChange={(event) => editPolicy({ quietHours: { ...policy.quietHours, start: event.target.value } })}
            />
            <label htmlFor="settings-quiet-end" className="dim">
              to
            </label>
            <input
              id="settings-quiet-end"
              className="field time-field"
              type="text"
              inputMode="numeric"
              maxLength={5}
              placeholder="07:00"
              aria-label="Quiet hours end (24-hour, local time)"
              aria-invalid={invalidField === 'settings-quiet-end'}
              disabled={!policy.quietHours.enabled}
              value={policy.quietHours.end}
              onChange={(event) => editPolicy({ quietHours: { ...policy.quietHours, end: event.target.value } })}
            />
          </div>
          <p className="settings-help">Local time. During quiet hours banners still show, but only critical alerts make a sound.</p>
          <label className="settings-check">
            <input type="checkbox" checked={policy.pages} onChange={(event) => editPolicy({ pages: event.target.checked })} />
            Notify when a page is sent and when PagerDuty answers (acknowledged, resolved, assigned)
          </label>
          <label className="settings-check">
            <input type="checkbox" checked={policy.retriggerSound} onChange={(event) => editPolicy({ retriggerSound: event.target.checked })} />
            Alarm sound when an acknowledged alert fires again
          </label>
        </section>

        <div className="dialog-actions settings-actions">
          {status !== null ? (
            <p className={`settings-status settings-status-${status.tone}`} role={status.tone === 'error' ? 'alert' : 'status'}>
              {status.message}
            </p>
          ) : (
            <span className="hint">Tab moves · Enter saves · Esc closes without saving</span>
          )}
          <button type="button" className="btn" onClick={closeOverlay}>
            Close
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
