/**
 * Sounds, repeats and reminders (part of the Notifications section): each profile's volume with a try button, a
 * critical's repeat until someone acknowledges it, the reminder minutes for every customer and per customer, and
 * whether a new critical still sounds in quiet hours.
 */
import type { CustomerSummary, NotificationPolicy } from '../../../shared/host/contract.ts';
import { reminderMinutesFor, repeatOf, volumeOf } from '../../../shared/notification-policy.ts';
import { playTone } from '../../sound/sound-player.ts';

export interface SoundSettingsProps {
  policy: NotificationPolicy;
  customers: readonly CustomerSummary[];
  editPolicy: (change: Partial<NotificationPolicy>) => void;
}

/** A whole number typed in a field, or NaN, which the host's check then names. */
function whole(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function VolumeField(props: SoundSettingsProps & { profile: 'soft' | 'alarm'; word: string }) {
  const { policy, profile } = props;
  const volume = volumeOf(policy, profile);
  const volumes = { soft: volumeOf(policy, 'soft'), alarm: volumeOf(policy, 'alarm') };
  return (
    <div className="sound-volume">
      <label htmlFor={`settings-volume-${profile}`}>{props.word} volume</label>
      <input
        id={`settings-volume-${profile}`}
        type="range"
        min={0}
        max={100}
        step={5}
        value={Math.round(volume * 100)}
        onChange={(event) => props.editPolicy({ volumes: { ...volumes, [profile]: Number(event.target.value) / 100 } })}
      />
      <span className="dim">{Math.round(volume * 100)} %</span>
      <button type="button" className="btn btn-small" onClick={() => playTone('critical', volume)}>
        Try
      </button>
    </div>
  );
}

export function SoundSettings(props: SoundSettingsProps) {
  const { policy, customers, editPolicy } = props;
  const repeat = repeatOf(policy);
  const reminders = policy.reminderMinutes ?? { '*': reminderMinutesFor(policy, '*') };
  function editReminder(slug: string, text: string): void {
    const next = { ...reminders };
    // A customer's field left empty follows every customer's.
    if (slug !== '*' && text.trim() === '') delete next[slug];
    else next[slug] = whole(text);
    editPolicy({ reminderMinutes: next });
  }
  return (
    <div className="sound-settings">
      <VolumeField {...props} profile="soft" word="Soft" />
      <VolumeField {...props} profile="alarm" word="Alarm" />
      <div className="settings-row">
        <label className="settings-check">
          <input
            type="checkbox"
            checked={repeat.enabled}
            onChange={(event) => editPolicy({ repeatCritical: { ...repeat, enabled: event.target.checked } })}
          />
          Repeat a critical&apos;s sound until someone acknowledges it, every
        </label>
        <input
          className="field number-field"
          type="number"
          min={2}
          max={3600}
          aria-label="Repeat every (seconds)"
          disabled={!repeat.enabled}
          value={Number.isNaN(repeat.everySeconds) ? '' : repeat.everySeconds}
          onChange={(event) => editPolicy({ repeatCritical: { ...repeat, everySeconds: whole(event.target.value) } })}
        />
        <span className="dim">seconds (not in quiet hours)</span>
      </div>
      <fieldset className="reminder-minutes">
        <legend>Remind when a critical stays unacknowledged (minutes, 0 for never)</legend>
        {[{ slug: '*', name: 'Every customer (*)' }, ...customers].map((customer) => (
          <label key={customer.slug} className="reminder-row">
            <span>{customer.name}</span>
            <input
              className="field number-field"
              type="number"
              min={0}
              max={1440}
              placeholder={customer.slug === '*' ? '10' : String(reminders['*'] ?? 10)}
              value={reminders[customer.slug] === undefined ? '' : String(reminders[customer.slug])}
              onChange={(event) => editReminder(customer.slug, event.target.value)}
            />
          </label>
        ))}
      </fieldset>
      <label className="settings-check">
        <input
          type="checkbox"
          checked={policy.quietHours.criticalSound !== false}
          onChange={(event) =>
            editPolicy({ quietHours: { ...policy.quietHours, criticalSound: event.target.checked } })
          }
        />
        A new critical still sounds once during quiet hours
      </label>
    </div>
  );
}
