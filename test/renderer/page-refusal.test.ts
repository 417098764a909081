/**
 * The page dialog's refusal in Node: built from the hold COSS sends, in the console's words (never the room's
 * "put --force after the brackets"), every overlapping window named with its end in the customer's time, and
 * Zenoss's states said as such.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertView, HostError } from '../../shared/host/contract.ts';
import { pageRefusalWords } from '../../renderer/components/detail/page-refusal.ts';
import { alertRecord } from '../support/alert-record.ts';

const ROOM_REPLY =
  'event 32962 is under maintenance window #12 ("kernel patching", until 2026-Dec-07 07:37AM PST), so I have not ' +
  'paged casc/int/systems. To page anyway, put --force after the brackets: .oncall [casc/int/systems, 32962] --force <why>';
const alert: AlertView = { ...alertRecord(32962, { device: 'db1.acme.com' }), pages: [] };
const context = {
  number: 32962,
  alert,
  customer: { name: 'Acme', timeZone: 'America/Los_Angeles' },
  now: new Date('2026-12-07T14:00:00Z'),
};
const held = (hold: HostError['hold'], code: HostError['code'] = 'under_maintenance'): HostError => ({
  code,
  message: ROOM_REPLY,
  ...(hold === undefined ? {} : { hold }),
});

describe('the page refusal', () => {
  it('names the window and its end in the customer’s time, and says what Page anyway does', () => {
    const words = pageRefusalWords(
      held({
        code: 'under_maintenance',
        windows: [{ id: 12, reason: 'kernel patching', until: '2026-12-07T15:37:00.000Z' }],
      }),
      context,
    );
    assert.deepEqual(words, {
      title: 'Not paged: 32962 is under maintenance',
      text: 'Not paged: 32962 is under maintenance window #12 “kernel patching” until 07:37 PST.',
      override: 'Page anyway sends the page and the room records the override.',
      button: 'Page anyway (override the window)',
    });
    assert.doesNotMatch(JSON.stringify(words), /--force|brackets/);
  });

  it('names every window when several overlap, with the day when one ends on another', () => {
    const words = pageRefusalWords(
      held({
        code: 'under_maintenance',
        windows: [
          { id: 14, reason: 'disk swap', until: '2026-12-09T17:00:00.000Z' },
          { id: 12, reason: 'kernel patching', until: '2026-12-07T15:37:00.000Z' },
          { id: 13, reason: 'router', until: '2026-12-07T15:00:00.000Z' },
        ],
      }),
      context,
    );
    assert.equal(
      words.text,
      'Not paged: 32962 is under maintenance windows #14 “disk swap” until 2026-12-09 09:00 PST, ' +
        '#12 “kernel patching” until 07:37 PST and #13 “router” until 07:00 PST.',
    );
    assert.equal(words.button, 'Page anyway (override the windows)');
  });

  it('says Zenoss’s states: Maintenance, and Test for a customer that does not page those', () => {
    const maintenance = pageRefusalWords(held({ code: 'under_maintenance', windows: [] }), context);
    assert.equal(
      maintenance.text,
      'Not paged: 32962 is on db1.acme.com, which Zenoss has in production state Maintenance.',
    );
    const test = pageRefusalWords(held({ code: 'unpaged_prod_state', windows: [] }, 'unpaged_prod_state'), {
      ...context,
      alert: { ...alert, prodState: 400 },
    });
    assert.equal(test.title, 'Not paged: 32962 is on a Zenoss Test device');
    assert.equal(
      test.text,
      'Not paged: 32962 is on db1.acme.com, which Zenoss has in production state Test; Acme does not page those devices.',
    );
  });

  it('without a hold (an older COSS) shows the message as a sentence', () => {
    const words = pageRefusalWords(held(undefined), context);
    assert.match(words.text, /^Event 32962 is under maintenance/);
  });

  it('the console’s own refusal while COSS is away: the window in the customer’s time, and that COSS said it last', () => {
    const words = pageRefusalWords(
      held({
        code: 'under_maintenance',
        windows: [{ id: 12, reason: 'kernel patching', until: '2026-12-07T15:37:00.000Z' }],
        asLastKnown: true,
      }),
      context,
    );
    assert.equal(
      words.text,
      'Not paged: 32962 is under maintenance window #12 “kernel patching” until 07:37 PST. ' +
        'COSS is not reachable now: this is what it last said.',
    );
  });
});
