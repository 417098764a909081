/** The room's line when someone moves a window's end: a one-off's new end, a weekly window's last day. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowExtendedLine } from '../../../../server/maintenance/window-lines.ts';
import { formatRoomTime } from '../../../../server/rooms/bot-lines.ts';
import type { MaintenanceWindow } from '../../../../shared/maintenance.ts';

const zone = 'Europe/London';

function window(overrides: Partial<MaintenanceWindow>): MaintenanceWindow {
  return {
    id: 7,
    customer: 'acme',
    scope: {},
    startsAt: '2026-12-06T02:00:00.000Z',
    endsAt: null,
    recurrence: null,
    reason: 'backups',
    ticket: null,
    createdBy: 'NOC',
    createdAt: '2026-12-01T10:00:00.000Z',
    endedAt: null,
    endedBy: null,
    state: 'active',
    activeUntil: null,
    nextStart: null,
    ...overrides,
  };
}

test('a weekly window in force says its new last day, not the end of the occurrence in force', () => {
  const line = windowExtendedLine(
    window({
      recurrence: { days: ['Mon'], start: '02:00', end: '04:00' },
      endsAt: '2027-01-31T00:00:00.000Z',
      activeUntil: '2026-12-07T04:00:00.000Z',
    }),
    'NOC',
    zone,
  );
  assert.equal(
    line,
    `NOC moved the end of maintenance window #7 ("backups"): it stops recurring after ${formatRoomTime(new Date('2027-01-31T00:00:00.000Z'), zone)}.`,
  );
});

test('a one-off window says its new end', () => {
  const line = windowExtendedLine(
    window({ endsAt: '2026-12-07T06:00:00.000Z', activeUntil: '2026-12-07T06:00:00.000Z' }),
    'NOC',
    zone,
  );
  assert.equal(
    line,
    `NOC moved the end of maintenance window #7 ("backups") to ${formatRoomTime(new Date('2026-12-07T06:00:00.000Z'), zone)}.`,
  );
});
