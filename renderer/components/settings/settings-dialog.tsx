/**
 * `Ctrl+,` (or `,`): which COSS to use, the API token (write-only), the direct-PagerDuty fallback and the
 * notification policy. The host validates and answers with what it now holds; its error messages are shown as
 * they come. Enter saves from any field; Esc closes without saving. Each section is its own component; the draft
 * and its checks are in settings-draft.ts.
 */
import { useEffect, useState } from 'react';
import type { NotificationPolicy } from '../../../shared/host/contract.ts';
import { loadSettings, saveSettings, type ConsoleSettings } from '../../state/settings-actions.ts';
import { useConsoleStore } from '../../state/store.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { CossSection } from './coss-section.tsx';
import { NotificationsSection } from './notifications-section.tsx';
import { PagerDutySection } from './pagerduty-section.tsx';
import { changeFrom, draftFrom, isSaveKey, timeProblem, type Draft } from './settings-draft.ts';

type Status = { tone: 'saved'; message: string } | { tone: 'error'; message: string } | null;

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
  const policy = draft.notifications;

  function edit(change: Partial<Draft>): void {
    setDraft((current) => ({ ...current, ...change }));
    if (status?.tone === 'saved') setStatus(null);
  }
  function editPolicy(change: Partial<NotificationPolicy>): void {
    edit({ notifications: { ...policy, ...change } });
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
    const reconnects =
      result.settings.cossUrl !== saved.cossUrl ||
      change.token !== undefined ||
      result.settings.pagerDutyFallback !== saved.pagerDutyFallback;
    setSaved(result.settings);
    setDraft(draftFrom(result.settings));
    setStatus({
      tone: 'saved',
      message: reconnects ? 'Saved. The console reconnects with the new settings.' : 'Saved.',
    });
  }

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
        <CossSection saved={saved} draft={draft} edit={edit} />
        <PagerDutySection draft={draft} edit={edit} />
        <NotificationsSection
          policy={policy}
          customers={customers}
          invalidField={invalidField}
          editPolicy={editPolicy}
        />

        <div className="dialog-actions settings-actions">
          {status !== null ? (
            <p
              className={`settings-status settings-status-${status.tone}`}
              role={status.tone === 'error' ? 'alert' : 'status'}
            >
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
