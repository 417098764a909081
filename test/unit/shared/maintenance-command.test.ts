import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMaintLine, parseMaintCommand, type MaintCommand } from '../../../shared/maintenance-command.ts';

const now = new Date('2026-12-07T15:00:00Z'); // 07:00 in Los Angeles
const zone = 'America/Los_Angeles';

function parsed(line: string): MaintCommand {
  const result = parseMaintCommand(line, zone, now);
  if (!result.ok) throw new Error(`${line}: ${result.error}`);
  return result.command;
}

function refused(line: string): string {
  const result = parseMaintCommand(line, zone, now);
  assert.ok(!result.ok, `${line} should be refused`);
  return result.error;
}

test('the issue example: a device glob, a duration, a reason', () => {
  assert.deepEqual(parsed('.maint x7.acme.com 2h kernel patching'), {
    kind: 'create',
    input: { scope: { devices: ['x7.acme.com'] }, duration: '2h', reason: 'kernel patching' },
  });
  assert.ok(
    isMaintLine('.maint list') && isMaintLine('.maint') && !isMaintLine('.maintenance') && !isMaintLine('maint'),
  );
});

test('list, extend and end', () => {
  assert.deepEqual(parsed('.maint list'), { kind: 'list' });
  assert.deepEqual(parsed('.maint extend 12 1h30m'), { kind: 'extend', id: 12, extendBy: '1h30m' });
  assert.deepEqual(parsed('.maint end #12'), { kind: 'end', id: 12 });
});

test('other scopes: all, selectors with spaces, keyed terms that narrow together', () => {
  assert.deepEqual(parsed('.maint all 30m office move'), {
    kind: 'create',
    input: { scope: {}, duration: '30m', reason: 'office move' },
  });
  const selector = parsed('.maint {job="node", instance=~"db.* x"} 1h exporter upgrade');
  assert.equal(selector.kind === 'create' && selector.input.scope.matchers, '{job="node", instance=~"db.* x"}');
  const keyed = parsed('.maint class=/Status/Ping,/Perf system=/Acme/Prod component=eth* 45m ISP work');
  assert.deepEqual(keyed.kind === 'create' && keyed.input.scope, {
    eventClasses: ['/Status/Ping', '/Perf'],
    systems: ['/Acme/Prod'],
    components: ['eth*'],
  });
});

test('a start time in the customer zone, a ticket, and weekly recurrence', () => {
  const later = parsed('.maint db*.acme.com 2h at 22:00 ticket=CHG-1234 storage firmware');
  assert.ok(later.kind === 'create');
  assert.equal(later.input.startsAt, '2026-12-08T06:00:00.000Z', '22:00 PST today');
  assert.equal(later.input.ticket, 'CHG-1234');
  assert.equal(later.input.reason, 'storage firmware');
  const early = parsed('.maint db1 1h at 06:00 early');
  assert.equal(early.kind === 'create' && early.input.startsAt, '2026-12-08T14:00:00.000Z', 'past today: tomorrow');
  const dated = parsed('.maint db1 1h at 2027-03-14 03:00 after the change');
  assert.equal(dated.kind === 'create' && dated.input.startsAt, '2027-03-14T10:00:00.000Z', '03:00 PDT');
  const weekly = parsed('.maint db*.acme.com every Sat,Sun 2:00-04:00 until 2027-01-31 00:00 weekly backups');
  assert.ok(weekly.kind === 'create');
  assert.deepEqual(weekly.input.recurrence, { days: ['Sat', 'Sun'], start: '02:00', end: '04:00' });
  assert.equal(weekly.input.endsAt, '2027-01-31T08:00:00.000Z');
  const weekdays = parsed('.maint all every Mon-Fri 12:00-13:00 lunch deploys');
  assert.deepEqual(weekdays.kind === 'create' && weekdays.input.recurrence?.days, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
});

test('errors say what is wrong and show a line that works', () => {
  assert.match(refused('.maint'), /needs a scope, a duration and a reason: write it like \.maint x7\.acme\.com 2h/);
  assert.match(refused('.maint x7.acme.com'), /needs how long after the scope/);
  assert.match(refused('.maint x7.acme.com 2h'), /needs a reason at the end/);
  assert.match(refused('.maint 2h patching'), /needs a scope first/);
  assert.match(refused('.maint end'), /needs a window id: write it like \.maint end 12/);
  assert.match(refused('.maint end twelve'), /"twelve" is not a window id/);
  assert.match(refused('.maint extend 12'), /\.maint extend 12 1h/);
  assert.match(refused('.maint x7 every Sunday-ish 02:00-04:00 x'), /not a day/);
  assert.match(refused('.maint x7 every Sun 2am x'), /every needs days and hours/);
  assert.match(refused('.maint x7 2h at noon x'), /"at noon" is not a start time/);
  assert.match(refused('.maint x7 2h at 2026-02-30 22:00 x'), /"2026-02-30" is not a date in the calendar/);
  assert.match(refused('.maint x7 2h at 2026-13-01T22:00 x'), /"2026-13-01" is not a date in the calendar/);
  assert.match(
    refused('.maint x7 every Sun 02:00-04:00 until 2027-02-29 00:00 x'),
    /"2027-02-29" is not a date in the calendar/,
  );
  assert.match(refused('.maint {job="node" 2h x'), /no closing "}"/);
  assert.match(refused('.maint colour=red 2h x'), /"colour=" is not a scope/);
  assert.match(refused('.maint list all'), /takes nothing/);
});
