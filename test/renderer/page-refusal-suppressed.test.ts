/**
 * The page dialog's refusal of a page about an alert a transform suppressed, in Node: the transform named by number
 * and name as COSS sends it, or by the alert's `suppressedBy` when the console refused from its last copy; never the
 * room's "--force".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertView, HostError } from '../../shared/host/contract.ts';
import { pageRefusalWords } from '../../renderer/components/detail/page-refusal.ts';
import { alertRecord } from '../support/alert-record.ts';

const alert: AlertView = { ...alertRecord(41001, { device: 'web07.acme.com', suppressedBy: 12 }), pages: [] };
const context = {
  number: 41001,
  alert,
  customer: { name: 'Acme', timeZone: 'America/Los_Angeles' },
  now: new Date('2026-12-07T14:00:00Z'),
};

describe('the page refusal of a suppressed alert', () => {
  it('names the transform COSS names, and says what Page anyway does', () => {
    const error: HostError = {
      code: 'suppressed_by_transform',
      message:
        'event 41001 was suppressed by transform #12 ("web flaps"). To page anyway, put --force after the brackets',
      hold: { code: 'suppressed_by_transform', windows: [], transform: { id: 12, name: 'web flaps' } },
    };
    assert.deepEqual(pageRefusalWords(error, context), {
      title: 'Not paged: 41001 was suppressed by transform #12',
      text:
        'Not paged: 41001 was suppressed by transform #12 “web flaps”, which says Acme does not need to hear of it: ' +
        'it is counted, not notified.',
      override: 'Page anyway sends the page and the room records that the suppression was overridden.',
      button: 'Page anyway (override the transform)',
    });
  });

  it('from the console’s last copy, names the transform by the alert’s number for it and says COSS is away', () => {
    const error: HostError = {
      code: 'suppressed_by_transform',
      message: '41001 was suppressed by transform #12 (as COSS last said); not paged.',
      hold: { code: 'suppressed_by_transform', windows: [], asLastKnown: true },
    };
    const words = pageRefusalWords(error, context);
    assert.equal(words.title, 'Not paged: 41001 was suppressed by transform #12');
    assert.match(words.text, /transform #12, which says Acme/);
    assert.match(words.text, /COSS is not reachable now: this is what it last said\.$/);
    assert.doesNotMatch(JSON.stringify(words), /--force|brackets/);
  });
});
