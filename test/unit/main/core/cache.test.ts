import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_LIMITS, ConsoleCache } from '../../../../main/core/cache.ts';
import {
  buildNotesBundle,
  lookupNotes,
  searchNotes,
  withAlertNotes,
  withComment,
} from '../../../../main/core/notes-bundle.ts';
import type { Alert } from '../../../../shared/alert.ts';
import { alertRecord } from '../../../support/alert-record.ts';
import { tempDir } from './support.ts';

function alert(number: number, patch: Partial<Alert> = {}): Alert {
  return alertRecord(number, patch);
}

const RULES = [
  {
    id: 1,
    name: 'Acme tier',
    position: 10,
    enabled: true,
    match: { deviceGroup: '/Customers/Acme' },
    tierNotes: '**Tier 2:** page casc/int/systems',
    deviceNotes: '',
    updatedAt: 'x',
  },
  {
    id: 2,
    name: 'x7 DNS',
    position: 20,
    enabled: true,
    match: { deviceGlob: 'x?.acme.com', component: 'CheckDNS*' },
    tierNotes: '',
    deviceNotes: 'Check Route 53 health first, then the ELB listeners.',
    updatedAt: 'x',
  },
];

describe('offline cache', () => {
  test('what was cached is there after a restart, before any network', () => {
    const dir = tempDir();
    const cache = new ConsoleCache(dir);
    cache.reset('http://coss.example');
    cache.setCustomers([{ id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'America/Los_Angeles' }]);
    cache.replaceAlerts('acme', [alert(32962), alert(32963, { severity: 'warning' })]);
    cache.addRoomMessage({
      id: 7,
      customer: 'acme',
      kind: 'human',
      author: 'NOC',
      body: 'hello',
      command: null,
      replyTo: null,
      createdAt: 'now',
    });
    cache.setLastSeq(41);
    cache.markSynced('2026-11-24T08:01:00.000Z');
    cache.flush();

    const reloaded = new ConsoleCache(dir);
    assert.equal(reloaded.cossUrl, 'http://coss.example');
    assert.equal(reloaded.lastSeq, 41);
    assert.equal(reloaded.syncedAt, '2026-11-24T08:01:00.000Z');
    assert.deepEqual([...reloaded.customer('acme').alerts.keys()].sort(), [32962, 32963]);
    assert.equal(reloaded.customer('acme').room[0]?.body, 'hello');
  });

  test('a resolved alert leaves the cache; a duplicate room message is ignored; the room keeps the last N', () => {
    const cache = new ConsoleCache(tempDir());
    cache.setCustomers([{ id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' }]);
    cache.putAlert(alert(1));
    cache.putAlert(alert(1, { status: 'resolved' }));
    assert.equal(cache.customer('acme').alerts.size, 0);
    const message = {
      id: 1,
      customer: 'acme',
      kind: 'human' as const,
      author: 'NOC',
      body: 'x',
      command: null,
      replyTo: null,
      createdAt: 'now',
    };
    assert.equal(cache.addRoomMessage(message), true);
    assert.equal(cache.addRoomMessage(message), false);
    for (let id = 2; id <= CACHE_LIMITS.roomMessages + 10; id += 1) cache.addRoomMessage({ ...message, id });
    assert.equal(cache.customer('acme').room.length, CACHE_LIMITS.roomMessages);
    assert.equal(cache.customer('acme').room[0]?.id, 11);
  });

  test('a cache of another schema version is dropped rather than misread', () => {
    const dir = tempDir();
    const cache = new ConsoleCache(dir);
    cache.reset('http://coss.example');
    cache.setLastSeq(9);
    cache.flush();
    const path = join(dir, 'cache', 'meta.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), schemaVersion: 0 }));
    assert.equal(new ConsoleCache(dir).lastSeq, 0);
  });
});

describe('escalation notes bundle', () => {
  test('the bundle is versioned by its rules: same rules, same revision; a change, a new one', () => {
    const a = buildNotesBundle('acme', RULES, '2026-11-24T08:00:00Z');
    const b = buildNotesBundle('acme', [...RULES].reverse(), '2026-11-24T09:00:00Z');
    assert.equal(a.revision, b.revision);
    const changed = buildNotesBundle('acme', [{ ...RULES[0]!, tierNotes: 'Tier 3' }, RULES[1]!], 'later');
    assert.notEqual(changed.revision, a.revision);
  });

  test('lookup composes notes for a device offline, as COSS would', () => {
    const bundle = buildNotesBundle('acme', RULES, 'now');
    const notes = lookupNotes(bundle, {
      device: 'x7.acme.com',
      component: 'CheckDNSELB',
      eventClass: '/Status/DNS',
      deviceGroups: ['/Customers/Acme'],
      systems: [],
    });
    assert.deepEqual(notes.ruleIds, [1, 2]);
    assert.match(notes.device, /Route 53/);
  });

  test('full-text search finds rules, alert notes and comments from the bundle cached on disk', () => {
    const dir = tempDir();
    const cache = new ConsoleCache(dir);
    cache.setCustomers([{ id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' }]);
    let bundle = buildNotesBundle('acme', RULES, 'now');
    const raised = alert(32962, {
      notes: { tier: '**Tier 2:** page casc/int/systems', device: 'Check Route 53 health first', ruleIds: [1, 2] },
    });
    bundle = withAlertNotes(bundle, raised);
    bundle = withAlertNotes(bundle, raised);
    bundle = withComment(bundle, raised, { author: 'NOC', body: 'Restarted httpd on x7, watching for 15 min' });
    cache.customer('acme').notes = bundle;
    cache.touch('acme');
    cache.flush();

    const offline = new ConsoleCache(dir).customer('acme').notes;
    const hits = searchNotes(offline, 'route 53');
    assert.deepEqual(
      hits.map((hit) => [hit.ruleId, hit.alertNumber]),
      [
        [2, null],
        [null, 32962],
      ],
      'rule first, the alert’s notes once',
    );
    assert.match(hits[0]!.snippet, /Route 53/);
    assert.deepEqual(
      searchNotes(offline, 'httpd watching').map((hit) => hit.title),
      ['#32962 note by NOC'],
    );
    assert.deepEqual(
      searchNotes(offline, 'casc/int/systems').map((hit) => hit.ruleId),
      [1, null],
    );
    assert.deepEqual(searchNotes(offline, 'nothing-like-this'), []);
  });
});

describe('offline cache written in the background', () => {
  function seeded(): { dir: string; cache: ConsoleCache } {
    const dir = tempDir();
    const cache = new ConsoleCache(dir);
    cache.reset('http://coss.example');
    cache.setCustomers([{ id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' }]);
    cache.replaceAlerts('acme', [alert(1)]);
    cache.setLastSeq(5);
    cache.flush();
    return { dir, cache };
  }

  test('changes requested during a background flush are written by one more flush, customers and then meta', async () => {
    const { dir, cache } = seeded();
    cache.putAlert(alert(2));
    cache.setLastSeq(10);
    const first = cache.flushInBackground();
    cache.putAlert(alert(3));
    cache.setLastSeq(11);
    const again = cache.flushInBackground();
    assert.equal(again, first, 'one flush at a time; the request meanwhile joins it');
    await again;
    await cache.settled();
    const reloaded = new ConsoleCache(dir);
    assert.equal(reloaded.lastSeq, 11);
    assert.deepEqual([...reloaded.customer('acme').alerts.keys()].sort(), [1, 2, 3]);
    assert.equal(cache.isDirty, false);
  });

  test('a synchronous flush (stop) while a background one runs is not overwritten by its older meta', async () => {
    const { dir, cache } = seeded();
    cache.putAlert(alert(2));
    cache.setLastSeq(10);
    const background = cache.flushInBackground();
    cache.putAlert(alert(3));
    cache.setLastSeq(12);
    cache.flush();
    await background;
    await cache.settled();
    const reloaded = new ConsoleCache(dir);
    assert.equal(reloaded.lastSeq, 12);
    assert.deepEqual([...reloaded.customer('acme').alerts.keys()].sort(), [1, 2, 3]);
  });
});
