/**
 * Resume-by-seq under stress: a consumer whose stream is cut a hundred times while 10,000 alerts are ingested
 * concurrently still handles every event exactly once, in seq order, with no gap against the log; and a consumer that
 * stops reading is cut with 4008 and the seq to resume from, and resuming from it leaves no gap.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';
import type { StreamEvent } from '../../shared/stream.ts';

const TOTAL_ALERTS = 10_000;
const CUTS = 100;

interface IngestBody {
  alerts: Array<{ number: number | null; result: string }>;
}

/** Posts `total` distinct alerts in batches from `workers` concurrent clients; resolves with every returned number. */
async function ingestDistinct(
  server: TestServer,
  options: {
    total: number;
    workers: number;
    prefix: string;
    message?: string;
    batch?: () => number;
    /** stops early when it returns true */
    until?: () => boolean;
    /** awaited before each batch with the index of its first alert: lets a test pace the ingest */
    pace?: (next: number) => Promise<void>;
  },
): Promise<number[]> {
  const numbers: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.total && !(options.until?.() ?? false)) {
      await options.pace?.(next);
      if (next >= options.total) break;
      const size = Math.min(options.batch?.() ?? 100, options.total - next);
      const body = Array.from({ length: size }, () => {
        const device = `${options.prefix}-${next++}`;
        return {
          device,
          summary: `service check failed on ${device}`,
          severity: 'warning',
          message: options.message ?? '',
        };
      });
      const response = await server.request('POST', '/api/v1/alerts', server.keys.acme, body);
      assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 500));
      for (const alert of (response.body as IngestBody).alerts) {
        assert.equal(alert.result, 'created');
        assert.equal(typeof alert.number, 'number');
        numbers.push(alert.number as number);
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, () => worker()));
  return numbers;
}

/** Every seq in the log after `after`, from the database itself. */
async function logSeqs(server: TestServer, after = 0): Promise<number[]> {
  const result = await server.server.context.db.query<{ seq: number }>(
    'SELECT seq FROM events WHERE seq > $1 ORDER BY seq',
    [after],
  );
  return result.rows.map((row) => Number(row.seq));
}

const kinds = await databaseKinds();

for (const kind of kinds) {
  describe(`stream resume on ${kind}`, () => {
    const servers: TestServer[] = [];
    after(async () => {
      for (const server of servers) await server.close();
    });

    test(
      `${CUTS} cuts during ${TOTAL_ALERTS} concurrent ingests: every alert.created exactly once, in order`,
      { timeout: 90_000 },
      async (t) => {
        const server = await startTestServer(kind);
        servers.push(server);

        let cuts = 0;
        let ingestDone = false;
        let cutsWhileIngesting = 0;
        // Paced so that the cuts are spread over the whole ingest rather than before or after it: a batch waits
        // until the consumer has been cut in proportion to how far the ingest has got.
        const pace = async (next: number) => {
          const needed = Math.min(CUTS - 2, Math.floor((next / TOTAL_ALERTS) * CUTS));
          while (cuts < needed) await new Promise((resolve) => setTimeout(resolve, 5));
        };
        const ingest = ingestDistinct(server, {
          total: TOTAL_ALERTS,
          workers: 4,
          prefix: 'host',
          batch: () => 20 + Math.floor(Math.random() * 180),
          pace,
        }).finally(() => {
          ingestDone = true;
        });

        const handled: StreamEvent[] = [];
        let since = 0;
        let created = 0;
        const orderErrors: string[] = [];
        const handle = (events: readonly StreamEvent[]) => {
          for (const event of events) {
            const last = handled[handled.length - 1]?.seq ?? 0;
            if (event.seq <= last) orderErrors.push(`seq ${event.seq} after ${last}`);
            handled.push(event);
            if (event.kind === 'alert.created') created += 1;
          }
          since = handled[handled.length - 1]?.seq ?? since;
        };

        while (cuts < CUTS) {
          const client: StreamClient = openStream(server.url, server.tokens.noc, { since: String(since) });
          assert.equal(await client.refused, null, 'the stream must open');
          // Cut at a random moment: on a timer, or inside the message handler right after the k-th event, and either
          // politely (close frame; events may still arrive while closing) or abruptly (terminate).
          const abrupt = Math.random() < 0.5;
          const cut = () => (abrupt ? client.socket.terminate() : client.close());
          if (Math.random() < 0.5) {
            const after = 1 + Math.floor(Math.random() * 400);
            let seen = 0;
            client.socket.on('message', () => {
              seen += 1;
              if (seen === after) cut();
            });
            setTimeout(cut, 5 + Math.random() * 100);
          } else {
            setTimeout(cut, Math.random() * 60);
          }
          await client.closed;
          handle(client.events);
          cuts += 1;
          // Sometimes stay away a while, so that the next connection starts with a replay from the log.
          if (Math.random() < 0.3) await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 100));
          if (!ingestDone) cutsWhileIngesting += 1;
        }
        t.diagnostic(
          `${cuts} cuts, ${cutsWhileIngesting} of them while ingesting; ${created} alert.created handled by then`,
        );
        assert.ok(cutsWhileIngesting >= CUTS - 10, 'the cuts must happen while alerts are being ingested');

        const numbers = await ingest;
        const log = await logSeqs(server);
        const head = log[log.length - 1] ?? 0;
        const final = openStream(server.url, server.tokens.noc, { since: String(since) });
        try {
          await final.waitFor(() => final.messages.some((message) => message.type === 'caught-up'), 60_000);
          await final
            .waitFor((events) => (events[events.length - 1]?.seq ?? since) >= head, 10_000)
            .catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 200)); // anything extra (a duplicate) would show up now
        } finally {
          final.close();
          await final.closed;
        }
        handle(final.events);

        assert.deepEqual(
          orderErrors.slice(0, 10),
          [],
          `${orderErrors.length} events out of order or repeated across resumes`,
        );
        const seen = new Set(handled.map((event) => event.seq));
        const missed = log.filter((seq) => !seen.has(seq));
        assert.deepEqual(missed.slice(0, 10), [], `${missed.length} events of the log never reached the consumer`);
        const createdNumbers = handled
          .filter((event) => event.kind === 'alert.created')
          .map((event) => (event.data as { number: number }).number);
        assert.equal(createdNumbers.length, TOTAL_ALERTS, 'one alert.created per ingested alert');
        assert.equal(new Set(createdNumbers).size, TOTAL_ALERTS, 'no alert.created handled twice');
        assert.deepEqual(
          [...createdNumbers].sort((x, y) => x - y),
          [...numbers].sort((x, y) => x - y),
          'the consumer saw exactly the alerts the ingest responses returned',
        );
        // No gap and nothing extra: the consumer's seqs are the log's seqs, one for one.
        assert.deepEqual(
          handled.map((event) => event.seq),
          log,
        );
      },
    );

    test(
      'a consumer that stops reading is cut with 4008 and resumes from the given seq without a gap',
      { timeout: 90_000 },
      async () => {
        const server = await startTestServer(kind);
        servers.push(server);
        // Something in the log first, so the stream starts from a real seq.
        await ingestDistinct(server, { total: 10, workers: 1, prefix: 'before' });
        const start = server.server.context.hub.head;

        const slow = openStream(server.url, server.tokens.noc, { since: String(start) });
        await slow.waitFor(() => slow.messages.some((message) => message.type === 'caught-up'));
        slow.socket.pause();

        // Large alerts fill the server's send buffer quickly; stop as soon as the server has cut the consumer.
        const serverSide = () => [...(server.server.app.websocketServer?.clients ?? [])];
        const cutByServer = () => serverSide().some((socket) => socket.readyState !== socket.OPEN);
        const message = 'x'.repeat(40_000);
        await ingestDistinct(server, {
          total: 3000,
          workers: 2,
          prefix: 'big',
          message,
          batch: () => 25,
          until: cutByServer,
        });
        for (let waited = 0; !cutByServer() && waited < 5000; waited += 50)
          await new Promise((resolve) => setTimeout(resolve, 50));
        assert.ok(cutByServer(), 'the server must cut a consumer that stopped reading');

        slow.socket.resume();
        const { code, reason } = await slow.closed;
        assert.equal(code, 4008, `close reason: ${reason}`);
        const match = /since=(\d+)/.exec(reason);
        assert.ok(match, `the reason must name the seq to resume from: ${reason}`);
        const resumeFrom = Number(match[1]);
        const received = slow.events.map((event) => event.seq);
        // Everything up to the resume seq was delivered before the close: the client resumes from what it handled.
        assert.equal(
          received[received.length - 1],
          resumeFrom,
          'the resume seq is the last event the consumer received',
        );

        const resumed = openStream(server.url, server.tokens.noc, { since: String(resumeFrom) });
        try {
          await resumed.waitFor(() => resumed.messages.some((m) => m.type === 'caught-up'), 30_000);
        } finally {
          resumed.close();
        }
        const all = [...received, ...resumed.events.map((event) => event.seq)];
        assert.deepEqual(
          all,
          await logSeqs(server, start),
          'before and after the cut together are the whole log, once each',
        );
      },
    );
  });
}
