/**
 * Transform changes through the domain functions triage sessions and the CLI call, on PGlite and PostgreSQL: each
 * change bumps the version and keeps the whole definition with who and why; a bad pattern or unknown target is refused
 * naming the field; a customer's change says so in its room; another customer's transform is not found.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import {
  createTransform,
  getTransform,
  listTransforms,
  removeTransform,
  setTransformEnabled,
  transformVersions,
  updateTransform,
} from '../../server/transforms/transform-changes.ts';
import { DomainError } from '../../server/domain-error.ts';
import { TransformInputSchema } from '../../shared/transforms.ts';
import type { Sql } from '../../server/db/database.ts';

const input = (body: Record<string, unknown>) =>
  TransformInputSchema.parse({
    name: 'ping noise',
    match: { device: 'lab*' },
    actions: [{ type: 'suppress' }],
    ...body,
  });

for (const kind of await databaseKinds()) {
  describe(`transform changes on ${kind}`, () => {
    let t: TestServer;
    let acme: { id: number; slug: string };
    let globex: { id: number; slug: string };
    before(async () => {
      t = await startTestServer(kind, { maintenanceCheckMs: 0 });
      acme = { id: t.customers.acme.id, slug: 'acme' };
      globex = { id: t.customers.globex.id, slug: 'globex' };
      await upsertTarget(t.server.context.db, {
        path: 'acme/oncall',
        name: 'Acme on call',
        routingKey: 'A'.repeat(32),
        customer: 'acme',
      });
      await upsertTarget(t.server.context.db, {
        path: 'casc/int/systems',
        name: 'Systems',
        routingKey: 'S'.repeat(32),
      });
    });
    after(() => t.close());

    const inTx = <T>(work: (tx: Sql) => Promise<T>) => t.server.context.db.transaction(work);
    const refusal = async (work: (tx: Sql) => Promise<unknown>) => {
      try {
        await inTx(work);
      } catch (error) {
        assert.ok(error instanceof DomainError, String(error));
        return error;
      }
      assert.fail('expected a refusal');
    };

    test('create, change, disable, enable and remove each make a version with who and why', async () => {
      const made = await inTx((tx) =>
        createTransform(tx, acme, input({}), { name: 'NOC' }, 'lab devices flap all day'),
      );
      assert.equal(made.transform.version, 1);
      assert.equal(made.transform.customer, 'acme');
      assert.deepEqual(
        made.events.map((event) => event.type),
        ['transform.changed', 'room.message'],
      );
      const line = made.events[1]?.payload as { body: string };
      assert.match(
        line.body,
        new RegExp(
          `^NOC made transform #${made.transform.id} "ping noise" \\(suppress, where device is lab\\*\\): lab devices flap all day$`,
        ),
      );
      const id = made.transform.id;
      assert.deepEqual(await getTransform(t.server.context.db, acme, id), made.transform);
      const changed = await inTx((tx) =>
        updateTransform(
          tx,
          acme,
          id,
          { actions: [{ type: 'set-severity', severity: 'info' }] },
          { name: 'Fred' },
          'not noise, just low',
        ),
      );
      assert.equal(changed.transform.version, 2);
      await inTx((tx) => setTransformEnabled(tx, acme, id, false, { name: 'NOC' }, 'pause'));
      await inTx((tx) => updateTransform(tx, acme, id, { enabled: true }, { name: 'NOC' }, ''));
      const removed = await inTx((tx) => removeTransform(tx, acme, id, { name: 'NOC' }, 'done'));
      assert.equal(removed.transform.version, 5);
      const versions = await transformVersions(t.server.context.db, acme, id);
      assert.deepEqual(
        versions.map((version) => [version.version, version.kind, version.by, version.why, version.actions[0]?.type]),
        [
          [1, 'created', 'NOC', 'lab devices flap all day', 'suppress'],
          [2, 'changed', 'Fred', 'not noise, just low', 'set-severity'],
          [3, 'disabled', 'NOC', 'pause', 'set-severity'],
          [4, 'enabled', 'NOC', '', 'set-severity'],
          [5, 'removed', 'NOC', 'done', 'set-severity'],
        ],
      );
      assert.deepEqual(await listTransforms(t.server.context.db, acme), []);
    });

    test('a bad summary pattern, an unknown target and a customer target on a global transform name their field', async () => {
      const summary = await refusal((tx) =>
        createTransform(tx, acme, input({ match: { summary: '(a' } }), { name: 'NOC' }, ''),
      );
      assert.equal(summary.field, 'match.summary');
      assert.equal(summary.code, 'invalid');
      const target = await refusal((tx) =>
        createTransform(
          tx,
          acme,
          input({ actions: [{ type: 'auto-page', target: 'nope/oncall' }] }),
          { name: 'NOC' },
          '',
        ),
      );
      assert.equal(target.field, 'actions[0].target');
      const foreign = await refusal((tx) =>
        createTransform(
          tx,
          globex,
          input({ actions: [{ type: 'auto-page', target: 'acme/oncall' }] }),
          { name: 'NOC' },
          '',
        ),
      );
      assert.equal(foreign.field, 'actions[0].target');
      const global = await refusal((tx) =>
        createTransform(
          tx,
          null,
          input({ actions: [{ type: 'auto-page', target: 'acme/oncall' }] }),
          { name: 'Admin' },
          '',
        ),
      );
      assert.match(global.message, /only the NOC's targets/);
      const made = await inTx((tx) =>
        createTransform(
          tx,
          null,
          input({ actions: [{ type: 'auto-page', target: 'casc/int/systems' }] }),
          { name: 'Admin' },
          '',
        ),
      );
      assert.equal(made.transform.customer, null);
      assert.deepEqual(
        made.events.map((event) => [event.type, event.customerId]),
        [['transform.changed', null]],
      );
    });

    test("another customer's transform, or a global one, is not found in a customer's scope", async () => {
      const made = await inTx((tx) => createTransform(tx, acme, input({ position: 5 }), { name: 'NOC' }, ''));
      const missing = await refusal((tx) =>
        setTransformEnabled(tx, globex, made.transform.id, false, { name: 'NOC' }, ''),
      );
      assert.equal(missing.code, 'not_found');
      const global = (await listTransforms(t.server.context.db, null))[0];
      assert.ok(global);
      assert.equal(
        (await refusal((tx) => removeTransform(tx, acme, global.id, { name: 'NOC' }, ''))).code,
        'not_found',
      );
      assert.equal(
        (await refusal((tx) => setTransformEnabled(tx, acme, made.transform.id, true, { name: 'NOC' }, ''))).code,
        'conflict',
      );
    });
  });
}
