/**
 * `p`: page a target about the alert under the cursor. Emergency wakes people up, so it takes a second,
 * explicit confirmation. A page COSS holds back (a maintenance window covers the alert, or Zenoss has its device in a
 * state the customer does not page) is shown as refused, every window named, and can be sent again as a deliberate
 * override (COSS records it in the room).
 */
import { useMemo, useState } from 'react';
import { PAGE_PRIORITIES, type PagePriority } from '../../../shared/commands/catalog.ts';
import type { AlertView, HostError } from '../../../shared/host/contract.ts';
import { sendPage } from '../../state/page-actions.ts';
import { findAlert, selectActiveCustomer } from '../../state/queue-selectors.ts';
import type { PagingTargetView } from '../../state/room-slice.ts';
import { getState, useConsoleStore } from '../../state/store.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { userMayPage } from '../../commands/role-gates.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { pageRefusalWords } from './page-refusal.ts';
import { TargetList } from './target-list.tsx';

const NO_TARGETS: readonly PagingTargetView[] = [];

const PRIORITY_HELP: Readonly<Record<PagePriority, string>> = {
  normal: 'Low urgency',
  urgent: 'High urgency',
  emergency: 'Outage now: wakes everyone',
};

/** The message the NOC has always written: "Pls check 32962 re Acme : Systems : host (ip) CRITICAL summary". */
export function defaultPageMessage(alert: AlertView, customerName: string): string {
  const system =
    alert.systems[0]
      ?.split('/')
      .filter((part) => part !== '')
      .pop() ?? alert.component;
  const where = alert.ip !== null ? `${alert.device} (${alert.ip})` : alert.device;
  return `Pls check ${alert.number} re ${customerName} : ${system} : ${where} ${alert.severity.toUpperCase()} ${alert.summary}`.slice(
    0,
    1000,
  );
}

export function PageDialog({ number }: { number: number | null }) {
  const customer = useConsoleStore(selectActiveCustomer);
  const allTargets = useConsoleStore((state) =>
    state.activeCustomer !== null ? (state.targetsByCustomer[state.activeCustomer] ?? NO_TARGETS) : NO_TARGETS,
  );
  const user = useConsoleStore((state) => state.user);
  // Only the targets this role may page: a customer user is offered their own on-call queues, not the NOC's.
  const targets = useMemo(
    () =>
      customer === null
        ? NO_TARGETS
        : allTargets.filter((candidate) => userMayPage({ user }, candidate, customer.slug)),
    [allTargets, customer, user],
  );
  const alert = useMemo(() => {
    const state = getState();
    return number !== null ? (findAlert(state, number) ?? null) : null;
  }, [number]);
  const [target, setTarget] = useState<string>('');
  const [priority, setPriority] = useState<PagePriority>('normal');
  const [message, setMessage] = useState(() => (alert !== null ? defaultPageMessage(alert, customer?.name ?? '') : ''));
  const [step, setStep] = useState<'form' | 'confirm' | 'refused'>('form');
  const [refusal, setRefusal] = useState<HostError | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = target !== '' ? target : (targets[0]?.path ?? '');
  const chosenName = targets.find((candidate) => candidate.path === chosen)?.name ?? chosen;
  const canSend = customer !== null && chosen !== '' && (number !== null || message.trim() !== '');

  /** `force`: the operator chose to override what COSS held the page back for. */
  async function send(force = false): Promise<void> {
    if (!canSend || busy || customer === null) return;
    if (priority === 'emergency' && step === 'form') {
      setStep('confirm');
      return;
    }
    setBusy(true);
    let refused: HostError | null = null;
    const ok = await sendPage(
      {
        customer: customer.slug,
        target: chosen,
        number,
        priority,
        message: message.trim(),
        ...(force ? { force: true } : {}),
      },
      (error) => {
        refused = error;
      },
    );
    if (ok) return closeOverlay();
    setBusy(false);
    setRefusal(refused);
    setStep(refused !== null ? 'refused' : 'form');
  }

  if (step === 'refused' && refusal !== null && number !== null) {
    const words = pageRefusalWords(refusal, {
      number,
      alert,
      customer: customer === null ? null : { name: customer.name, timeZone: customer.timeZone },
      now: new Date(),
    });
    return (
      <Dialog key="refused" title={words.title} className="dialog-danger" role="alertdialog">
        <div
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              // Esc steps back to the form: the operator may pick another target or cancel from there.
              event.stopPropagation();
              event.preventDefault();
              setStep('form');
            }
          }}
        >
          <p className="dialog-text page-refusal" role="alert">
            {words.text}
          </p>
          <p className="dialog-text">{words.override}</p>
          <div className="dialog-actions">
            <span className="hint">Enter closes · Tab to “Page anyway”, then Enter, overrides · Esc goes back</span>
            <button type="button" className="btn" data-autofocus onClick={closeOverlay}>
              Close, do not page
            </button>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void send(true)}>
              {words.button}
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  if (step === 'confirm') {
    return (
      <Dialog key="confirm" title="Confirm emergency page" className="dialog-danger" role="alertdialog">
        <div
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              // Esc steps back to the form rather than dropping what was typed.
              event.stopPropagation();
              event.preventDefault();
              setStep('form');
            }
          }}
        >
          <p className="dialog-text">
            <strong>EMERGENCY</strong> page to <strong>{chosenName}</strong>
            {number !== null ? ` about ${number}` : ''}. This wakes the whole escalation chain now.
          </p>
          <blockquote className="page-preview">{message.trim() || '(no message)'}</blockquote>
          <div className="dialog-actions">
            <span className="hint">Enter sends · Esc goes back</span>
            <button type="button" className="btn" onClick={() => setStep('form')}>
              Back
            </button>
            <button type="button" className="btn btn-danger" data-autofocus disabled={busy} onClick={() => void send()}>
              Send emergency page
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog key="form" title={number !== null ? `Page about ${number}` : `Page for ${customer?.name ?? ''}`}>
      <form
        className="page-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label className="field-label" htmlFor="page-target">
          Target
        </label>
        {targets.length === 0 ? (
          <p className="notes-empty">No paging targets for this customer.</p>
        ) : (
          <TargetList
            id="page-target"
            targets={targets}
            chosen={chosen}
            onChoose={setTarget}
            onSend={() => void send()}
          />
        )}
        <fieldset className="priorities">
          <legend className="field-label">Priority</legend>
          {PAGE_PRIORITIES.map((value) => (
            <label key={value} className={`priority priority-${value}`}>
              <input
                type="radio"
                name="priority"
                value={value}
                checked={priority === value}
                onChange={() => setPriority(value)}
              />
              <span className="priority-name">{value}</span>
              <span className="priority-help">{PRIORITY_HELP[value]}</span>
            </label>
          ))}
        </fieldset>
        <label className="field-label" htmlFor="page-message">
          Message {number !== null ? '(optional)' : ''}
        </label>
        <textarea
          id="page-message"
          className="field"
          rows={3}
          maxLength={1000}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void send();
            }
          }}
        />
        <div className="dialog-actions">
          <span className="hint">↑↓ target · ←→ priority (Tab to it) · Enter pages · Esc cancels</span>
          <button type="button" className="btn" onClick={closeOverlay}>
            Cancel
          </button>
          <button
            type="submit"
            className={priority === 'emergency' ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={!canSend || busy}
          >
            {priority === 'emergency' ? 'Page (emergency)…' : `Page (${priority})`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
