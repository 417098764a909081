/**
 * The maintenance dialog's logic in Node: the scope typed in becomes COSS's scope, the console says what is wrong
 * against the field it is in (and maps COSS's field paths onto its fields), and the preview counts what the scope
 * covers among the open alerts with the matcher COSS uses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertView } from '../../shared/host/contract.ts';
import { draftFor, draftInput, draftScope, fieldOf } from '../../renderer/state/maintenance-form.ts';
import { previewScope, previewText } from '../../renderer/state/maintenance-preview.ts';
import { alertRecord } from '../support/alert-record.ts';

const view = (number: number, patch: Partial<AlertView> = {}): AlertView => ({
  ...alertRecord(number, patch),
  pages: [],
  ...patch,
});

const ALERTS: AlertView[] = [
  view(1, { device: 'x7.acme.com', component: 'eth0', labels: {} }),
  view(2, { device: 'x7.acme.com', component: 'CheckDNS', labels: {} }),
  view(3, { device: 'db1.acme.com', component: 'disk', labels: { job: 'node', instance: 'db1:9100' } }),
  view(4, { device: 'db2.acme.com', component: 'disk', labels: { job: 'node', instance: 'db2:9100' } }),
  view(5, { device: 'db3.acme.com', component: 'disk', status: 'resolved', labels: { job: 'node', instance: 'db3' } }),
  view(6, { device: 'web1.acme.com', component: 'http', labels: { job: 'blackbox', instance: 'web1' } }),
];

describe('the maintenance dialog', () => {
  it('starts from the device it was opened on, two hours, and an empty reason', () => {
    const draft = draftFor({ devices: 'x7.acme.com' });
    assert.equal(draft.devices, 'x7.acme.com');
    assert.equal(draft.duration, '2h');
    assert.equal(draft.reason, '');
  });

  it('turns comma lists into the scope COSS takes, and leaves out what is not filled in', () => {
    const draft = {
      ...draftFor({ devices: ' x7.acme.com , db*.acme.com,, ' }),
      components: 'eth0',
      matchers: ' {job="node"} ',
      reason: ' kernel patching ',
      ticket: '',
    };
    assert.deepEqual(draftScope(draft), {
      devices: ['x7.acme.com', 'db*.acme.com'],
      components: ['eth0'],
      matchers: '{job="node"}',
    });
    assert.deepEqual(draftInput(draft), {
      ok: true,
      input: {
        scope: { devices: ['x7.acme.com', 'db*.acme.com'], components: ['eth0'], matchers: '{job="node"}' },
        duration: '2h',
        reason: 'kernel patching',
      },
    });
    assert.deepEqual(draftScope(draftFor({})), {}, 'nothing filled in is the whole customer');
  });

  it('says what is wrong against the field it is in', () => {
    const base = { ...draftFor({ devices: 'x7.acme.com' }), reason: 'patching' };
    const problem = (patch: Partial<typeof base>) => {
      const result = draftInput({ ...base, ...patch });
      return result.ok ? null : result.problem;
    };
    assert.equal(problem({ duration: 'two hours' })?.field, 'duration');
    assert.match(problem({ duration: 'two hours' })?.message ?? '', /"two hours" is not a duration/);
    assert.equal(problem({ duration: '0m' })?.field, 'duration');
    assert.match(problem({ duration: '31d' })?.message ?? '', /longer than 30 days/);
    assert.equal(problem({ reason: '  ' })?.field, 'reason');
    assert.equal(problem({ matchers: '{9job="node"}' })?.field, 'matchers');
    assert.equal(problem({ eventClasses: 'Status/Ping' })?.field, 'eventClasses');
  });

  it("maps COSS's field paths onto the dialog's fields", () => {
    assert.equal(fieldOf('scope.devices[0]'), 'devices');
    assert.equal(fieldOf('scope.matchers'), 'matchers');
    assert.equal(fieldOf('duration'), 'duration');
    assert.equal(fieldOf('endsAt'), 'duration');
    assert.equal(fieldOf('reason'), 'reason');
    assert.equal(fieldOf('recurrence.timeZone'), null);
    assert.equal(fieldOf(undefined), null);
  });
});

describe('the scope preview', () => {
  it('counts open alerts and their devices, leaving resolved ones out', () => {
    const preview = previewScope(ALERTS, { devices: ['x7.acme.com'] });
    assert.deepEqual(preview, { ok: true, alerts: 2, devices: 1, sample: [1, 2], covered: 0 });
    assert.equal(previewText(preview), 'matches 2 open alerts on 1 device (1, 2)');
    const dbs = previewScope(ALERTS, { devices: ['db*.acme.com'] });
    assert.equal(previewText(dbs), 'matches 2 open alerts on 2 devices (3, 4)');
  });

  it('matches label selectors and ANDs the fields, as COSS does', () => {
    assert.equal(
      previewText(previewScope(ALERTS, { matchers: '{job="node", instance=~"db2.*"}' })),
      'matches 1 open alert on 1 device (4)',
    );
    assert.equal(
      previewText(previewScope(ALERTS, { devices: ['x7*'], components: ['disk'] })),
      'matches no open alert now (it still covers any that arrive while it lasts)',
    );
    assert.equal(
      previewText(previewScope(ALERTS, {})),
      'matches 5 open alerts on 4 devices (1, 2, 3, 4, 6)',
      'no field: the whole customer',
    );
  });

  it('says how many are under maintenance already, and why a scope cannot match', () => {
    const covered = [
      ...ALERTS,
      view(7, { device: 'x7.acme.com', maintenance: { windowId: 3, source: 'window', reason: 'x', until: null } }),
    ];
    assert.equal(
      previewText(previewScope(covered, { devices: ['x7.acme.com'] })),
      'matches 3 open alerts on 1 device (1, 2, 7); 1 already under maintenance',
    );
    const bad = previewScope(ALERTS, { matchers: '{job=~"("}' });
    assert.equal(bad.ok, false);
    assert.equal(bad.ok ? null : bad.issue.field, 'scope.matchers');
  });
});
