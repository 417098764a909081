/**
 * Harvest timers under chaos, on real PostgreSQL with `coss serve` processes: 30 alerts, each with two people's
 * timers (noc acknowledges, root types `.time start`), against a Harvest with 30 % faults before and after
 * applying (lost answers, timeouts, resets, 429s), a kill -9 of the node mid-run, then two nodes on the same
 * database starting the rest twice at once and resolving everything: exactly one Harvest entry per person and
 * alert, every one stopped, every outbox row delivered, none failed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setCustomerProject, setHarvestUser } from '../../server/timekeeping/harvest-directory.ts';
import { openChaosStore } from '../support/chaos-store.ts';
import { postgresAvailable } from '../support/databases.ts';
import { startCossProcess, type CossProcess } from '../support/process.ts';
import { jsonRequest } from '../support/server.ts';
import { waitFor } from '../support/wait-for.ts';
import {
  HARVEST_ACCOUNT_ID,
  HARVEST_PROJECTS,
  HARVEST_TOKEN,
  HARVEST_USERS,
  startHarvestSimulator,
} from '../simulators/harvest/index.ts';

const ALERTS = 30;
const PROJECT = HARVEST_PROJECTS[0]!;
const PEOPLE = { noc: HARVEST_USERS[1]!.id, root: HARVEST_USERS[2]!.id };

test(
  'Harvest: 30 alerts, two people, 30 % faults, kill -9 mid-run, two nodes: one timer each, all stopped',
  { skip: !(await postgresAvailable()), timeout: 240_000 },
  async () => {
    const sim = await startHarvestSimulator({
      faults: { rate: 0.3, kinds: ['429', '500', '503', 'timeout', 'reset'], phase: 'both', seed: 1416 },
    });
    const store = await openChaosStore();
    const { databaseUrl, seed, db, nodes } = store;
    const env = {
      HARVEST_URL: sim.url,
      HARVEST_TOKEN,
      HARVEST_ACCOUNT_ID: String(HARVEST_ACCOUNT_ID),
      HARVEST_USER_AGENT: 'COSS tests (noc@coss.example)',
      HARVEST_TIMEOUT_MS: '1000',
      HARVEST_RETRY_BASE_MS: '50',
      HARVEST_RETRY_CAP_MS: '1000',
    };
    const tokens = { noc: seed.tokens.noc, root: seed.tokens.admin };
    const act = (node: CossProcess, action: string, number: number, who: keyof typeof tokens) =>
      jsonRequest(
        node.url,
        'POST',
        `/api/v1/alerts/${number}/${action}`,
        tokens[who],
        {},
        {
          'idempotency-key': randomUUID(),
        },
      );
    const timeStart = (node: CossProcess, number: number) =>
      jsonRequest(node.url, 'POST', '/api/v1/rooms/acme/messages', tokens.root, { body: `.time start ${number}` });
    const delivered = async () =>
      Number(
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM harvest_outbox WHERE status = 'done'`)).rows[0]
          ?.n ?? 0,
      );
    const settled = async () =>
      (await db.query(`SELECT 1 FROM harvest_outbox WHERE status = 'pending' LIMIT 1`)).rows.length === 0;
    const pendingRows = async () =>
      JSON.stringify(
        (
          await db.query(
            `SELECT id, time_entry_id, operation, attempts, last_error, next_attempt_at, now() AS now
             FROM harvest_outbox WHERE status = 'pending' ORDER BY id LIMIT 10`,
          )
        ).rows,
      );
    try {
      await setCustomerProject(db, 'acme', PROJECT.id, PROJECT.tasks[0]!.id);
      await setHarvestUser(db, 'noc', PEOPLE.noc);
      await setHarvestUser(db, 'root', PEOPLE.root);
      const first = await startCossProcess({ store: { databaseUrl }, env });
      nodes.push(first);
      const body = Array.from({ length: ALERTS }, (_, i) => ({
        device: `elb-${i}.acme.com`,
        summary: `DNS ELB failing ${i}`,
        severity: 'warning',
        component: 'dns',
      }));
      const posted = await jsonRequest(first.url, 'POST', '/api/v1/alerts', seed.keys.acme, body);
      assert.equal(posted.status, 200, JSON.stringify(posted.body).slice(0, 300));
      const numbers = (posted.body as { alerts: Array<{ number: number }> }).alerts.map((a) => a.number);
      assert.equal(numbers.length, ALERTS);

      // The first half on one node: noc acknowledges (their timer), root starts theirs with `.time start`; kill -9
      // once some starts went out and others are in flight.
      for (const number of numbers.slice(0, ALERTS / 2)) {
        const acked = await act(first, 'acknowledge', number, 'noc');
        assert.equal(acked.status, 200, JSON.stringify(acked.body));
        const said = await timeStart(first, number);
        assert.equal(said.status, 201, JSON.stringify(said.body));
      }
      await waitFor('8 starts delivered before the crash', async () => (await delivered()) >= 8, 60_000);
      await first.kill9();
      nodes.length = 0;

      const [a, b] = await Promise.all([
        startCossProcess({ store: { databaseUrl }, env }),
        startCossProcess({ store: { databaseUrl }, env }),
      ]);
      nodes.push(a, b);
      // The second half on both nodes at once, each start twice: a race for every person and alert.
      const races = await Promise.all(
        numbers
          .slice(ALERTS / 2)
          .flatMap((number) =>
            [a, b].flatMap((node) => [act(node, 'acknowledge', number, 'noc'), timeStart(node, number)]),
          ),
      );
      for (const answer of races) assert.ok([200, 201, 409].includes(answer.status), JSON.stringify(answer.body));
      await waitFor('every start delivered', settled, 120_000).catch(async (error: unknown) => {
        throw new Error(`${String(error)}: ${await pendingRows()}\n${a.output()}`);
      });
      const running = sim.timeEntries().filter((e) => e.isRunning);
      assert.equal(running.length, ALERTS * 2, 'one running timer per person and alert before the resolves');

      // Resolve everything, half on each node, faults still on.
      for (const [i, number] of numbers.entries()) {
        const answer = await act(i % 2 === 0 ? a : b, 'resolve', number, 'noc');
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
      }
      await waitFor('every stop delivered', settled, 120_000);
      for (const node of nodes.splice(0)) {
        const status = await node.terminate();
        assert.equal(status.code, 0, node.output());
      }

      const failed = await db.query<{ last_error: string }>(
        `SELECT last_error FROM harvest_outbox WHERE status <> 'done'`,
      );
      assert.deepEqual(failed.rows, [], 'every outbox row delivered');
      const ours = await db.query<{ alert_number: number; harvest_user_id: number; harvest_entry_id: number | null }>(
        `SELECT a.number AS alert_number, t.harvest_user_id, t.harvest_entry_id
         FROM harvest_time_entries t JOIN alerts a ON a.id = t.alert_id`,
      );
      assert.equal(ours.rows.length, ALERTS * 2, 'one COSS timer per person and alert');
      const entries = sim.timeEntries();
      for (const number of numbers) {
        for (const user of Object.values(PEOPLE)) {
          const theirs = entries.filter(
            (e) => e.externalReference?.id === `coss_${seed.customers.acme.number}-${number}` && e.userId === user,
          );
          assert.equal(theirs.length, 1, `Harvest entries of user ${user} on alert ${number}`);
          assert.equal(theirs[0]!.isRunning, false, `alert ${number}'s entry of user ${user} stopped`);
          const row = ours.rows.find((r) => Number(r.alert_number) === number && Number(r.harvest_user_id) === user);
          assert.equal(Number(row?.harvest_entry_id), theirs[0]!.id, 'COSS knows the entry Harvest has');
        }
      }
      assert.equal(entries.length, ALERTS * 2, 'no entry made twice');
      const faults = sim.faultLog();
      assert.ok(
        faults.some((f) => f.phase === 'after' && f.method === 'POST'),
        'a create answer was lost after Harvest applied it',
      );
      console.log(`harvest chaos: ${sim.requests().length} requests, ${faults.length} faults`);
    } finally {
      await store.close();
      await sim.close();
    }
  },
);
