/**
 * A transform's preview equals what saving it then does, on PGlite and PostgreSQL: preview over the alerts of the
 * last days, save, clear those alerts and re-send the same events, and the new alerts the transform changed are the
 * ones (and as many, per action) the preview counted — suppression, severity, summary, notes, auto-page (not for
 * an alert under maintenance) and the room card.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { Alert } from '../../shared/alert.ts';
import type { Transform } from '../../shared/transforms.ts';
import { previewTransform, type TransformPreview } from '../../server/transforms/preview.ts';

let keys = 0;
const idem = () => ({ 'idempotency-key': `transforms-preview-${process.pid}-${keys++}` });
const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 600)}`;

const event = (device: string, severity: number, summary: string) => ({
  evid: `evid-${device}-${keys++}`,
  device,
  component: 'eth0',
  eventClass: '/Status/Ping',
  eventKey: '',
  severity,
  summary,
  count: 1,
});

/** The events both runs send: lab and db devices at several severities, and others no transform matches. */
const EVENTS = [
  event('lab1.acme.com', 3, 'lab1 ping timed out'),
  event('lab2.acme.com', 4, 'lab2 ping timed out'),
  event('lab3.acme.com', 5, 'lab3 is DOWN'),
  event('lab4.acme.com', 2, 'lab4 ping timed out'),
  event('db1.acme.com', 5, 'db1 is DOWN'),
  event('db2.acme.com', 4, 'db2 replication lag'),
  event('db3.acme.com', 3, 'db3 slow queries'),
  event('web1.acme.com', 5, 'web1 ping timed out'),
];

for (const kind of await databaseKinds()) {
  describe(`transform preview on ${kind}`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(kind, { maintenanceCheckMs: 0 });
      await upsertTarget(t.server.context.db, {
        path: 'acme/oncall',
        name: 'Acme on call',
        routingKey: 'A'.repeat(32),
        customer: 'acme',
      });
      await upsertTarget(t.server.context.db, {
        path: 'globex/oncall',
        name: 'Globex on call',
        routingKey: 'G'.repeat(32),
        customer: 'globex',
      });
    });
    after(() => t.close());

    const send = async (events: unknown[], slug: 'acme' | 'globex' = 'acme') => {
      const response = await t.request('POST', '/api/v1/alerts/zenoss', t.keys[slug], events);
      assert.equal(response.status, 200, show(response));
      return (response.body as { alerts: Array<{ number: number; result: string }> }).alerts;
    };
    const alert = async (number: number) =>
      ((await t.request('GET', `/api/v1/alerts/${number}`, t.tokens.noc)).body as { alert: Alert }).alert;
    const devicesOf = async (numbers: readonly number[]) =>
      (await Promise.all(numbers.map(async (number) => (await alert(number)).device))).sort();
    const clearAll = (slug: 'acme' | 'globex') =>
      send(
        EVENTS.map((raise) => ({ ...raise, evid: `clear-${raise.device}-${keys++}`, severity: 0 })),
        slug,
      );

    /**
     * Previews `definition` over what the customer has (only what the test sent), saves it, clears and re-sends
     * EVENTS; returns the preview and the new alerts.
     */
    const previewThenSave = async (definition: Record<string, unknown>, slug: 'acme' | 'globex' = 'acme') => {
      const reader = slug === 'acme' ? t.tokens.fred : t.tokens.wile;
      const previewed = await t.request('POST', `/api/v1/customers/${slug}/transforms/preview`, reader, {
        ...definition,
        days: 7,
      });
      assert.equal(previewed.status, 200, show(previewed));
      const { preview } = previewed.body as { preview: TransformPreview };
      const saved = await t.request('POST', `/api/v1/customers/${slug}/transforms`, t.tokens.noc, definition, idem());
      assert.equal(saved.status, 201, show(saved));
      const transform = (saved.body as { transform: Transform }).transform;
      await clearAll(slug);
      const resent = await send(EVENTS, slug);
      assert.ok(
        resent.every((outcome) => outcome.result === 'created'),
        JSON.stringify(resent),
      );
      const alerts = await Promise.all(resent.map((outcome) => alert(outcome.number)));
      return { preview, transform, alerts };
    };

    test('suppress, severity, summary and notes: preview counts what saving does', async () => {
      await send(EVENTS);
      const { preview, transform, alerts } = await previewThenSave({
        name: 'lab timeouts',
        match: { device: 'lab*', summary: 'timed out$' },
        actions: [
          { type: 'suppress' },
          { type: 'set-severity', severity: 'warning' },
          { type: 'set-summary', template: '[noise] {summary}' },
          { type: 'attach-notes', tierNotes: 'Lab: ignore' },
        ],
      });
      const changed = alerts.filter((stored) => stored.suppressedBy === transform.id);
      assert.equal(preview.matched.alerts, 3);
      assert.equal(changed.length, preview.matched.alerts);
      assert.equal(
        preview.matched.occurrences,
        changed.reduce((sum, stored) => sum + stored.count, 0),
      );
      assert.deepEqual(await devicesOf(preview.matched.samples), changed.map((stored) => stored.device).sort());
      assert.equal(preview.changes.suppress?.alerts, changed.length);
      // lab1 was a warning already (Zenoss 3): no change for it; lab2 (error) and lab4 (info) change.
      assert.equal(preview.changes['set-severity']?.alerts, 2);
      assert.deepEqual(await devicesOf(preview.changes['set-severity']?.samples ?? []), [
        'lab2.acme.com',
        'lab4.acme.com',
      ]);
      assert.ok(changed.every((stored) => stored.severity === 'warning' && stored.summary.startsWith('[noise] ')));
      assert.equal(preview.changes['set-summary']?.alerts, changed.length);
      assert.equal(
        preview.changes['attach-notes']?.alerts,
        changed.filter((stored) => stored.notes.tier === 'Lab: ignore').length,
      );
      assert.ok(
        alerts
          .filter((stored) => stored.suppressedBy !== transform.id)
          .every((stored) => !stored.summary.startsWith('[noise]')),
      );
      await t.request('DELETE', `/api/v1/customers/acme/transforms/${transform.id}`, t.tokens.noc, undefined, idem());
    });

    // On Globex, whose only alerts are this test's.
    test('auto-page and cards: preview leaves out what maintenance holds, as saving does', async () => {
      const window = await t.request(
        'POST',
        '/api/v1/customers/globex/maintenance',
        t.tokens.noc,
        {
          scope: { devices: ['db2*'] },
          duration: '2h',
          reason: 'replica rebuild',
        },
        idem(),
      );
      assert.equal(window.status, 201, show(window));
      await send(EVENTS, 'globex');
      const pagesBefore = await pageCount();
      const { preview, alerts } = await previewThenSave(
        {
          name: 'db pages',
          match: { device: 'db*' },
          actions: [{ type: 'auto-page', target: 'globex/oncall', priority: 'urgent' }, { type: 'post-card' }],
        },
        'globex',
      );
      const db = alerts.filter((stored) => stored.device.startsWith('db'));
      assert.equal(preview.matched.alerts, db.length);
      const paged = (await pageCount()) - pagesBefore;
      assert.equal(preview.changes['auto-page']?.alerts, 2);
      assert.equal(paged, preview.changes['auto-page']?.alerts);
      // Cards go to every matched alert that is not suppressed: maintenance does not hold a card a transform asks for.
      assert.equal(preview.changes['post-card']?.alerts, db.length);
    });

    test('read a page at a time, the preview counts the same', async () => {
      const input = { match: { device: '*.acme.com' }, actions: [{ type: 'suppress' as const }] };
      const now = new Date();
      const whole = await previewTransform(
        t.server.context.db,
        { id: t.customers.acme.id, slug: 'acme' },
        input,
        7,
        now,
      );
      const paged = await previewTransform(
        t.server.context.db,
        { id: t.customers.acme.id, slug: 'acme' },
        input,
        7,
        now,
        3,
      );
      assert.ok(whole.scanned > 6, `only ${whole.scanned} alerts`);
      assert.deepEqual(paged, whole);
    });

    test('a bad pattern is a 400 naming the field, and days are bounded', async () => {
      const bad = await t.request('POST', '/api/v1/customers/acme/transforms/preview', t.tokens.noc, {
        match: { summary: 'a(?=b)' },
        actions: [{ type: 'suppress' }],
      });
      assert.equal(bad.status, 400, show(bad));
      assert.match(JSON.stringify(bad.body), /match\.summary/);
      const days = await t.request('POST', '/api/v1/customers/acme/transforms/preview', t.tokens.noc, {
        match: { device: 'x' },
        actions: [{ type: 'suppress' }],
        days: 31,
      });
      assert.equal(days.status, 400, show(days));
      assert.match(JSON.stringify(days.body), /days/);
    });

    async function pageCount(): Promise<number> {
      return Number(
        (await t.server.context.db.query<{ n: string }>('SELECT count(*) AS n FROM pages')).rows[0]?.n ?? 0,
      );
    }
  });
}
