/** The notification policy: a rule per customer (minimum severity, sound), quiet hours, pages, re-fires. */
import { SEVERITIES, type Severity } from '../../../shared/alert.ts';
import type { CustomerSummary, NotificationPolicy } from '../../../shared/host/contract.ts';
import { ruleWarnings, type Rule, type Sound } from './settings-draft.ts';
import { SoundSettings } from './sound-settings.tsx';

const SEVERITY_OPTIONS: readonly (readonly [Severity, string])[] = [...SEVERITIES]
  .reverse()
  .map((severity) => [severity, severity === 'critical' ? 'critical only' : `${severity} and worse`]);
const SOUND_OPTIONS: readonly (readonly [Sound, string])[] = [
  ['none', 'No sound'],
  ['soft', 'Soft'],
  ['alarm', 'Alarm'],
];

/** One cell of a rule: a select over (value, label) pairs. */
function RuleSelect<V extends string>(props: {
  label: string;
  value: V;
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
}) {
  return (
    <select
      className="field"
      aria-label={props.label}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value as V)}
    >
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}

export interface NotificationsSectionProps {
  policy: NotificationPolicy;
  customers: readonly CustomerSummary[];
  /** the field the last save refused, marked invalid */
  invalidField: string | null;
  editPolicy: (change: Partial<NotificationPolicy>) => void;
}

/** One end of the quiet hours: a 24-hour local time. */
function QuietTime(
  props: { id: string; word: string; edge: 'start' | 'end'; placeholder: string } & Pick<
    NotificationsSectionProps,
    'policy' | 'invalidField' | 'editPolicy'
  >,
) {
  const { id, edge, policy } = props;
  return (
    <>
      <label htmlFor={id} className="dim">
        {props.word}
      </label>
      <input
        id={id}
        className="field time-field"
        type="text"
        inputMode="numeric"
        maxLength={5}
        placeholder={props.placeholder}
        aria-label={`Quiet hours ${edge} (24-hour, local time)`}
        aria-invalid={props.invalidField === id}
        disabled={!policy.quietHours.enabled}
        value={policy.quietHours[edge]}
        onChange={(event) => props.editPolicy({ quietHours: { ...policy.quietHours, [edge]: event.target.value } })}
      />
    </>
  );
}

export function NotificationsSection({ policy, customers, invalidField, editPolicy }: NotificationsSectionProps) {
  const nameOf = (slug: string): string =>
    slug === '*' ? 'Every customer (*)' : (customers.find((customer) => customer.slug === slug)?.name ?? slug);
  const warnings = ruleWarnings(policy.rules, nameOf);
  const customerOptions = ['*', ...customers.map((customer) => customer.slug)];
  function editRule(index: number, change: Partial<Rule>): void {
    editPolicy({ rules: policy.rules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)) });
  }
  function addRule(): void {
    const unused = customers.find((customer) => !policy.rules.some((rule) => rule.customer === customer.slug));
    const customer = policy.rules.some((rule) => rule.customer === '*') ? (unused?.slug ?? '*') : '*';
    editPolicy({ rules: [...policy.rules, { customer, minSeverity: 'error', sound: 'soft' }] });
  }
  return (
    <section className="settings-section" aria-labelledby="settings-notify-heading">
      <h3 id="settings-notify-heading">Notifications</h3>
      <p className="settings-help">
        A new alert notifies when its severity is at or above the rule for its customer. A customer&apos;s own rule wins
        over *.
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
                <RuleSelect
                  label={`Rule ${index + 1} customer`}
                  value={rule.customer}
                  options={(customerOptions.includes(rule.customer)
                    ? customerOptions
                    : [...customerOptions, rule.customer]
                  ).map((slug) => [slug, nameOf(slug)] as const)}
                  onChange={(customer) => editRule(index, { customer })}
                />
              </td>
              <td>
                <RuleSelect
                  label={`Rule ${index + 1} minimum severity`}
                  value={rule.minSeverity}
                  options={SEVERITY_OPTIONS}
                  onChange={(minSeverity) => editRule(index, { minSeverity })}
                />
              </td>
              <td>
                <RuleSelect
                  label={`Rule ${index + 1} sound`}
                  value={rule.sound}
                  options={SOUND_OPTIONS}
                  onChange={(sound) => editRule(index, { sound })}
                />
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
        <QuietTime
          id="settings-quiet-start"
          word="from"
          edge="start"
          placeholder="22:00"
          policy={policy}
          invalidField={invalidField}
          editPolicy={editPolicy}
        />
        <QuietTime
          id="settings-quiet-end"
          word="to"
          edge="end"
          placeholder="07:00"
          policy={policy}
          invalidField={invalidField}
          editPolicy={editPolicy}
        />
      </div>
      <p className="settings-help">
        Local time. During quiet hours banners still show, nothing repeats, and only a new critical makes a sound.
      </p>
      <SoundSettings policy={policy} customers={customers} editPolicy={editPolicy} />
      <label className="settings-check">
        <input
          type="checkbox"
          checked={policy.pages}
          onChange={(event) => editPolicy({ pages: event.target.checked })}
        />
        Notify when a page is sent and when PagerDuty answers (acknowledged, resolved, assigned)
      </label>
      <label className="settings-check">
        <input
          type="checkbox"
          checked={policy.retriggerSound}
          onChange={(event) => editPolicy({ retriggerSound: event.target.checked })}
        />
        Alarm sound when an acknowledged alert fires again
      </label>
    </section>
  );
}
