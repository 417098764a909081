/** The PagerDuty fallback: page and acknowledge directly while COSS is unreachable. */
import type { Draft } from './settings-draft.ts';

export function PagerDutySection({ draft, edit }: { draft: Draft; edit: (change: Partial<Draft>) => void }) {
  return (
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
        While COSS is unreachable, pages and acknowledgements go straight to PagerDuty and are marked{' '}
        <em>sent direct</em>. When COSS is back, the console tells the room what it did and COSS takes over the same
        incidents. Off: they wait in the queue until COSS is back.
      </p>
    </section>
  );
}
