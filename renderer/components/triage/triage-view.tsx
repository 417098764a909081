/**
 * `g T`: a triage session with the customer, one family at a time, keyboard first. Without an open session, Enter
 * starts one over the customer's top unclassified families; then on each family `a` actionable (escalation notes,
 * optionally an auto-page), `n` noise (a suppression on every device or those seen, with its preview), `s` skip; `e`
 * ends the session (Enter confirms) and shows the summary COSS posts in the room. Needs COSS live throughout.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { HostError, HostResponse } from '../../../shared/host/contract.ts';
import type { TriageDecision, TriageSession } from '../../../shared/triage.ts';
import { actionRefusal } from '../../commands/role-gates.ts';
import { getState, useConsoleStore } from '../../state/store.ts';
import { currentTriage, decideFamily, endTriage, startTriage } from '../../state/triage-actions.ts';
import { percent } from '../noise/noise-text.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { ActionableForm, NoisePane } from './triage-forms.tsx';
import { currentItem, outcome, progress } from './triage-text.ts';

type Mode = 'family' | 'actionable' | 'noise' | 'confirm-end';

interface Loaded {
  open: TriageSession | null;
  /** the session just ended here, shown with its summary */
  ended: TriageSession | null;
  recent: readonly TriageSession[];
}

function stopHere(event: KeyboardEvent): void {
  event.preventDefault();
  event.stopPropagation();
}

function ItemList({ session }: { session: TriageSession }) {
  const current = currentItem(session);
  return (
    <ol className="tr-items" aria-label="Families of the session">
      {session.items.map((item) => (
        <li
          key={item.position}
          data-position={item.position}
          data-decision={item.decision ?? 'none'}
          aria-current={item === current ? 'step' : undefined}
        >
          <span className="tr-label">{item.label}</span>
          <span className="tr-outcome">{outcome(item)}</span>
        </li>
      ))}
    </ol>
  );
}

export function TriageView({ customer }: { customer: string }) {
  const customerName = useConsoleStore(
    (state) => state.customers.find((candidate) => candidate.slug === customer)?.name ?? customer,
  );
  const status = useConsoleStore((state) => state.connection?.status);
  const live = status === 'live';
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('family');
  const [busy, setBusy] = useState(false);
  /**
   * `a` or `n` pressed while a decision was being saved: opened on the next family once COSS answers (the form names
   * it), as a fast keyboard user means it. Nothing else waits: `s` or `e` would act on a family not yet shown.
   */
  const typedAhead = useRef<'actionable' | 'noise' | null>(null);
  const box = useRef<HTMLDivElement | null>(null);

  /** Asks COSS for the session as it is now; `wanted` says whether the answer is still wanted when it comes. */
  const refresh = useCallback(
    (wanted: () => boolean = () => true) =>
      currentTriage(customer).then((answer) => {
        if (!wanted()) return;
        if (answer.ok)
          setLoaded((before) => ({
            open: answer.value.open,
            ended: before?.ended ?? null,
            recent: answer.value.recent,
          }));
        else setProblem(`COSS did not answer: ${answer.error.message}`);
      }),
    [customer],
  );

  useEffect(() => {
    if (!live) return;
    let wanted = true;
    void refresh(() => wanted);
    return () => {
      wanted = false;
    };
  }, [live, refresh]);

  // Back on the family, the keys go to the view again.
  useEffect(() => {
    if (mode === 'family' || mode === 'confirm-end') box.current?.focus();
  }, [mode, loaded]);

  const session = loaded?.open ?? null;
  const item = session === null ? null : currentItem(session);

  /** Runs a change; its answer is the session as it is now (another person may have decided meanwhile). */
  async function act(change: () => Promise<HostResponse<TriageSession>>, after: (value: TriageSession) => void) {
    setBusy(true);
    setProblem(null);
    const answer = await change();
    setBusy(false);
    if (!answer.ok) {
      failed(answer.error);
      return;
    }
    after(answer.value);
  }

  function failed(error: HostError): void {
    typedAhead.current = null;
    setProblem(error.message);
    setMode('family');
    // A family someone else decided, a session someone ended: show what COSS has now.
    if (error.code === 'conflict' || error.code === 'not_found') void refresh();
  }

  function mayRun(): boolean {
    const refused = actionRefusal('triage.run', getState());
    if (refused !== null) setProblem(refused);
    return refused === null;
  }

  function decide(decision: TriageDecision): void {
    if (session === null || item === null) return;
    void act(
      () => decideFamily(customer, session.id, item.position, decision),
      (value) => {
        setLoaded((before) => ({ open: value, ended: null, recent: before?.recent ?? [] }));
        setMode(currentItem(value) !== null ? (typedAhead.current ?? 'family') : 'family');
        typedAhead.current = null;
        setProblem(null);
      },
    );
  }

  function onKey(event: KeyboardEvent<HTMLDivElement>): void {
    if (!live || loaded === null) return;
    // Keys typed into a field are the field's, saving or not.
    const target = event.target;
    const typing =
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLInputElement ||
      target instanceof HTMLSelectElement;
    // While a decision is saving, its pane keeps the focus: its keys bubble here and are answered here.
    if (busy && !typing) {
      // Never silent: a key dropped here while the operator goes on typing would let later letters act as commands.
      if (event.key.length !== 1 && event.key !== 'Enter') return;
      stopHere(event);
      // The first a or n waits; what is typed after it (the notes, before their form is there) changes nothing.
      if (
        mode !== 'confirm-end' &&
        session !== null &&
        typedAhead.current === null &&
        (event.key === 'a' || event.key === 'n')
      ) {
        typedAhead.current = event.key === 'a' ? 'actionable' : 'noise';
        setProblem(`Saving the decision; ${event.key} opens on the next family when COSS answers.`);
      } else if (typedAhead.current === null) setProblem('Saving with COSS: keys wait until it answers.');
      return;
    }
    // Keys typed into the notes, or the noise pane's own, bubble here: only the view's own keys count.
    if (event.target !== event.currentTarget) return;
    if (mode === 'confirm-end') {
      // Plain Enter only: Ctrl+Enter is how a form is saved, and must not end a session it reaches by mistake.
      if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.altKey && session !== null) {
        stopHere(event);
        void act(
          () => endTriage(customer, session.id),
          (value) => {
            setLoaded((before) => ({ open: null, ended: value, recent: before?.recent ?? [] }));
            setMode('family');
          },
        );
      } else if (event.key === 'Escape') {
        stopHere(event);
        setMode('family');
      }
      return;
    }
    if (session === null) {
      if (event.key === 'Enter') {
        stopHere(event);
        if (!mayRun()) return;
        void act(
          () => startTriage(customer),
          (value) => setLoaded((before) => ({ open: value, ended: null, recent: before?.recent ?? [] })),
        );
      }
      return;
    }
    const key = event.key;
    if (key !== 'a' && key !== 'n' && key !== 's' && key !== 'e') return;
    stopHere(event);
    if (!mayRun()) return;
    if (key === 'e') return setMode('confirm-end');
    if (item === null) return setProblem('Every family is decided: e ends the session.');
    if (key === 'a') setMode('actionable');
    else if (key === 'n') setMode('noise');
    else decide({ decision: 'skip' });
  }

  let words: string | null = null;
  if (!live)
    words = `A triage session needs COSS live: it works on COSS's figures as they are now, and the console is ${status ?? 'connecting'} now.`;
  else if (loaded === null) words = problem ?? 'Asking COSS…';

  const hint =
    session === null
      ? 'Enter starts a session over the top unclassified families · Esc closes'
      : mode === 'confirm-end'
        ? 'Enter ends the session and posts the summary in the room · Esc back'
        : mode !== 'family'
          ? 'Esc goes back to the family without deciding'
          : item === null
            ? 'e ends the session · Esc closes'
            : 'a actionable · n noise · s skip · e end · Esc closes (the session stays open)';

  return (
    <Dialog title={`Triage · ${customerName}`} className="dialog-noise dialog-triage">
      <div ref={box} className="triage-view" tabIndex={0} onKeyDown={onKey} aria-busy={busy}>
        {words !== null && (
          <p className={live ? 'notes-empty' : 'hb-offline'} role={live ? 'status' : 'alert'}>
            {words}
          </p>
        )}
        {loaded !== null && live && session === null && (
          <>
            {loaded.ended !== null ? (
              <section className="tr-summary" aria-label="Summary">
                <p role="status">{loaded.ended.summary ?? `Triage session #${loaded.ended.id} ended.`}</p>
                <ItemList session={loaded.ended} />
                <p className="dim">The summary is in {customerName}’s room. Enter starts another session.</p>
              </section>
            ) : (
              <p className="notes-empty" role="status">
                No triage session is open for {customerName}. Enter starts one over its top unclassified families of the
                last 7 days.
                {loaded.recent[0]?.summary ? ` Last time: ${loaded.recent[0].summary}` : ''}
              </p>
            )}
          </>
        )}
        {live && session !== null && (
          <>
            <p className="tr-progress" role="status">
              Session #{session.id}, started by {session.startedBy} · {progress(session)} · with{' '}
              {session.participants.join(', ')}
            </p>
            {item !== null ? (
              <section className="tr-family" aria-label={`Family ${item.position} of ${session.items.length}`}>
                <h3>
                  <span className="dim">
                    {item.position}/{session.items.length}
                  </span>{' '}
                  {item.label}
                </h3>
                <p className="dim" title={item.family}>
                  {item.occurrences.toLocaleString()} events, {percent(item.share)} of {customerName}’s volume when the
                  session started
                </p>
              </section>
            ) : (
              <p className="notes-empty">Every family is decided. e ends the session and posts the summary.</p>
            )}
            {mode === 'actionable' && item !== null && (
              <ActionableForm
                customer={customer}
                sessionId={session.id}
                item={item}
                busy={busy}
                onDecide={decide}
                onBack={() => setMode('family')}
              />
            )}
            {mode === 'noise' && item !== null && (
              <NoisePane
                customer={customer}
                sessionId={session.id}
                item={item}
                busy={busy}
                onDecide={decide}
                onBack={() => setMode('family')}
              />
            )}
            {mode === 'confirm-end' && (
              <p className="tr-confirm" role="alert">
                End session #{session.id}? {progress(session)}.
              </p>
            )}
            <ItemList session={session} />
          </>
        )}
        {problem !== null && loaded !== null && (
          <p className="tr-problem" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <span className="hint">{hint}</span>
      </div>
    </Dialog>
  );
}
