/**
 * `g N`: the customer's noisiest event families over a period (1: 24 hours, 2: 7 days, 3: 30 days) and the
 * week-by-week trend as a chart. j k (↑↓) choose a family, Enter opens its newest alert, t makes a transform from
 * it, T goes to the triage session, Esc closes. Shown only while COSS is live: the report is COSS's count over its stored events when asked,
 * and an old copy is not a report.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { NOISE_VIEW_PERIODS, type NoiseViewPeriod } from '../../../shared/host/contract.ts';
import type { NoiseFamily } from '../../../shared/noise.ts';
import { loadAlertDetail } from '../../state/alert-actions.ts';
import { switchCustomer } from '../../state/customer-actions.ts';
import { loadNoise } from '../../state/noise-actions.ts';
import { commandRefusal } from '../../commands/role-gates.ts';
import { getState, setState, useConsoleStore } from '../../state/store.ts';
import { openOverlay, pushToast } from '../../state/ui-actions.ts';
import { Dialog } from '../overlays/dialog.tsx';
import { flaps, medianOpen, notesLine, percent, touched, trendSentence } from './noise-text.ts';
import { TrendChart } from './trend-chart.tsx';

const PERIOD_WORDS: Readonly<Record<NoiseViewPeriod, string>> = {
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
};

function stopHere(event: KeyboardEvent): void {
  event.preventDefault();
  event.stopPropagation();
}

/** The family's newest alert, opened in its customer's queue (it may be resolved: the detail asks COSS). */
function openAlert(customer: string, number: number): void {
  void switchCustomer(customer).then(() => {
    setState({ cursor: number, detailOpen: true, overlay: null });
    void loadAlertDetail(number);
  });
}

function FamilyRow({ family, chosen }: { family: NoiseFamily; chosen: boolean }) {
  return (
    <tr
      id={`noise-${family.latestNumber}`}
      aria-selected={chosen}
      className={chosen ? 'is-chosen' : undefined}
      data-family={family.family}
      data-class={family.classification}
    >
      <th scope="row" title={family.family}>
        <span className="nz-family">{family.label}</span>
      </th>
      <td className="num">{family.occurrences.toLocaleString()}</td>
      <td className="num">{percent(family.share)}</td>
      <td className="num">{family.devices.toLocaleString()}</td>
      <td className="nz-touched">{touched(family)}</td>
      <td className="num">{family.clearedUntouched.toLocaleString()}</td>
      <td className="num">{medianOpen(family)}</td>
      <td className="num">{flaps(family)}</td>
      <td>
        <span className={`nz-class nz-class-${family.classification}`}>{family.classification}</span>
      </td>
      <td title={notesLine(family)}>
        <span className="nz-notes">{notesLine(family)}</span>
      </td>
    </tr>
  );
}

export function NoiseView({ customer }: { customer: string }) {
  const customerName = useConsoleStore(
    (state) => state.customers.find((candidate) => candidate.slug === customer)?.name ?? customer,
  );
  const status = useConsoleStore((state) => state.connection?.status);
  const view = useConsoleStore((state) => state.noise[customer]);
  const live = status === 'live';
  const [index, setIndex] = useState(0);
  const box = useRef<HTMLDivElement | null>(null);
  const period = view?.period ?? '7d';

  useEffect(() => {
    if (live) void loadNoise(customer);
  }, [customer, live]);

  useEffect(() => {
    box.current?.focus();
  }, []);

  const families = view?.report?.families ?? [];
  const chosen = families[Math.min(index, families.length - 1)] ?? null;

  function choosePeriod(next: NoiseViewPeriod): void {
    if (next === period && view?.report !== null) return;
    setIndex(0);
    void loadNoise(customer, next);
  }

  function onKey(event: KeyboardEvent<HTMLDivElement>): void {
    const periodIndex = ['1', '2', '3'].indexOf(event.key);
    const nextPeriod = NOISE_VIEW_PERIODS[periodIndex];
    if (nextPeriod !== undefined) {
      stopHere(event);
      choosePeriod(nextPeriod);
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        stopHere(event);
        setIndex((current) => Math.min(current + 1, Math.max(0, families.length - 1)));
        break;
      case 'ArrowUp':
      case 'k':
        stopHere(event);
        setIndex((current) => Math.max(current - 1, 0));
        break;
      case 'Enter':
        stopHere(event);
        if (chosen !== null) openAlert(customer, chosen.latestNumber);
        break;
      case 'T':
        // From the report to deciding about it: the triage session over the same families.
        stopHere(event);
        openOverlay({ kind: 'triage', customer });
        break;
      case 't': {
        // A transform for the chosen family, started from its newest alert, as `t` on that alert would.
        stopHere(event);
        if (chosen === null) break;
        const refused = commandRefusal('alert.transform', getState());
        if (refused !== null) pushToast('info', refused);
        else openOverlay({ kind: 'transform-editor', customer, number: chosen.latestNumber });
        break;
      }
    }
  }

  let words: string | null = null;
  if (!live)
    words = `The noise report needs COSS live: COSS counts it from its stored events when asked, and the console is ${status ?? 'connecting'} now. It shows here again when the banner says live.`;
  else if (view?.error !== null && view?.error !== undefined) words = `COSS did not answer: ${view.error.message}`;
  else if (view?.report === null || view?.report === undefined) words = 'Asking COSS…';
  else if (families.length === 0) words = `${customerName} had no events in the ${PERIOD_WORDS[period]}.`;

  const report = live ? (view?.report ?? null) : null;
  const top = families.reduce((sum, family) => sum + family.share, 0);

  return (
    <Dialog title={`Noise · ${customerName}`} className="dialog-noise">
      <div
        ref={box}
        className="noise-view"
        tabIndex={0}
        onKeyDown={onKey}
        aria-activedescendant={chosen !== null ? `noise-${chosen.latestNumber}` : undefined}
        aria-busy={view?.loading === true}
      >
        <div className="nz-periods" role="group" aria-label="Period">
          {NOISE_VIEW_PERIODS.map((choice, position) => (
            <button
              key={choice}
              type="button"
              className="chip"
              tabIndex={-1}
              aria-pressed={choice === period}
              onClick={() => choosePeriod(choice)}
            >
              <kbd>{position + 1}</kbd> {choice}
            </button>
          ))}
        </div>
        {words !== null && (
          <p className={live ? 'notes-empty' : 'hb-offline'} role={live ? 'status' : 'alert'}>
            {words}
          </p>
        )}
        {report !== null && families.length > 0 && (
          <>
            <p className="nz-summary" role="status">
              {report.occurrences.toLocaleString()} events in the {PERIOD_WORDS[period]}; the top {families.length}{' '}
              {families.length === 1 ? 'family is' : 'families are'} {percent(top)} of them.
            </p>
            <table
              className="nz-table"
              aria-label={`Noisiest event families of ${customerName}, ${PERIOD_WORDS[period]}`}
            >
              <thead>
                <tr>
                  <th scope="col">Family</th>
                  <th scope="col" className="num">
                    Events
                  </th>
                  <th scope="col" className="num">
                    Share
                  </th>
                  <th scope="col" className="num">
                    Devices
                  </th>
                  <th scope="col">Handled</th>
                  <th scope="col" className="num" title="Cleared with nobody acknowledging, paging or noting it">
                    Untouched
                  </th>
                  <th scope="col" className="num">
                    Median open
                  </th>
                  <th scope="col" className="num" title="Open/clear cycles per hour">
                    Flaps/h
                  </th>
                  <th scope="col">Class</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {families.map((family) => (
                  <FamilyRow key={family.family} family={family} chosen={family === chosen} />
                ))}
              </tbody>
            </table>
          </>
        )}
        {live && view?.trend !== null && view?.trend !== undefined && view.trend.weeks.length > 0 && (
          <figure className="nz-trend">
            <figcaption>{trendSentence(view.trend)}</figcaption>
            <TrendChart trend={view.trend} />
          </figure>
        )}
      </div>
      <div className="dialog-actions">
        <span className="hint">
          1 2 3 period · ↑↓ choose · Enter opens its newest alert · t a transform from it · T triage · Esc closes
        </span>
      </div>
    </Dialog>
  );
}
