/**
 * A real Prometheus Alertmanager delivering its webhook (version 4) to COSS, on PGlite and on PostgreSQL.
 *
 * Alerts are posted to Alertmanager's own API (`POST /api/v2/alerts`), as Prometheus does: repeats of one label set,
 * several distinct sets in two groups, then resolves (an endsAt in the past). Alertmanager routes everything to one
 * receiver with two webhook configs: COSS's `/api/v1/alerts/alertmanager` (with the acme ingest key as a bearer
 * token) and a recorder in this test. Both get the same notifications, so the test knows exactly what COSS was sent
 * and checks, through the stream and the queue API, that COSS stored it faithfully: one alert per label set, the
 * labels and annotations as sent, the count bumped once per firing notification, and resolved alerts resolved.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert } from '../../shared/alert.ts';
import type { StreamEvent } from '../../shared/stream.ts';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';
import { findAlertmanager, startAlertmanager, yamlString, type RunningAlertmanager } from '../support/alertmanager.ts';

type Labels = Record<string, string>;

interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

interface WebhookBody {
  version: string;
  status: string;
  receiver: string;
  groupKey: string;
  groupLabels: Labels;
  alerts: WebhookAlert[];
}

/** Order-free identity of a label set, for matching what was posted, sent and stored. */
const labelKey = (labels: Labels) =>
  JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((name) => [name, labels[name]]),
  );

/** Receives the second copy of every notification Alertmanager sends. */
async function startRecorder(): Promise<{
  url: string;
  bodies: WebhookBody[];
  lastAt: () => number;
  close: () => Promise<void>;
}> {
  const bodies: WebhookBody[] = [];
  let lastAt = Date.now();
  const readBody = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      bodies.push(JSON.parse(text) as WebhookBody);
      lastAt = Date.now();
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    bodies,
    lastAt: () => lastAt,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function alertmanagerConfig(cossUrl: string, ingestKey: string, recorderUrl: string): string {
  // group_wait/group_interval of 1 s keep the test quick; repeat_interval is long so that, once nothing changes,
  // nothing more is sent and the test can wait for quiet. resolve_timeout only matters for alerts posted without
  // endsAt (ours get startsAt + resolve_timeout, far in the future); resolves are explicit endsAt in the past.
  return `
global:
  resolve_timeout: 5m
route:
  receiver: coss
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: coss
    webhook_configs:
      - url: ${yamlString(`${cossUrl}/api/v1/alerts/alertmanager`)}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${yamlString(ingestKey)}
      - url: ${yamlString(recorderUrl)}
        send_resolved: true
`;
}

interface PostedAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt?: string;
  generatorURL: string;
}

const startsAt = new Date(Date.now() - 5 * 60_000);
startsAt.setMilliseconds(0);

function alert(labels: Labels, summary: string): PostedAlert {
  return {
    labels,
    annotations: { summary, description: `${summary} (runbook: https://runbooks.acme.example/${labels.alertname})` },
    startsAt: startsAt.toISOString(),
    generatorURL: `http://prometheus.acme.example:9090/graph?g0.expr=${encodeURIComponent(`up{instance="${labels.instance}"}`)}`,
  };
}

// Two groups (group_by alertname): DiskFull with three hosts, HighLatency with one service.
const diskDb01 = alert(
  { alertname: 'DiskFull', instance: 'db01.acme.com:9100', job: 'node', severity: 'critical', mountpoint: '/var' },
  'Disk /var on db01 is 97% full',
);
const diskDb02 = alert(
  { alertname: 'DiskFull', instance: 'db02.acme.com:9100', job: 'node', severity: 'warning', mountpoint: '/var' },
  'Disk /var on db02 is 85% full',
);
const diskDb03 = alert(
  { alertname: 'DiskFull', instance: 'db03.acme.com:9100', job: 'node', severity: 'warning', mountpoint: '/srv' },
  'Disk /srv on db03 is 88% full',
);
const latency = alert(
  {
    alertname: 'HighLatency',
    instance: '10.20.0.14:8080',
    job: 'api',
    severity: 'page',
    service: 'checkout',
    cluster: 'prod-la',
    region: 'us-west-2',
  },
  'p99 latency of checkout above 2 s',
);
const all = [diskDb01, diskDb02, diskDb03, latency];

/** Expected normalization of one posted alert (docs: label set identity, severity label, instance host). */
function expectedFields(posted: PostedAlert): Partial<Alert> {
  const host = (posted.labels.instance ?? '').replace(/:\d+$/, '');
  const severity = { critical: 'critical', warning: 'warning', page: 'critical' }[
    posted.labels.severity ?? ''
  ] as Alert['severity'];
  return {
    customer: 'acme',
    source: 'alertmanager',
    labels: posted.labels,
    annotations: posted.annotations,
    device: host,
    ip: /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : null,
    component: posted.labels.job ?? '',
    eventClass: `/Prometheus/${posted.labels.alertname}`,
    eventKey: posted.labels.alertname ?? '',
    severity,
    summary: posted.annotations.summary ?? '',
    message: posted.annotations.description ?? '',
    firstSeen: posted.startsAt,
    generatorUrl: posted.generatorURL,
    deviceGroups: posted.labels.cluster ? [posted.labels.cluster] : [],
    systems: posted.labels.service ? [posted.labels.service] : [],
    location: posted.labels.region ?? null,
  };
}

const binary = findAlertmanager();
const kinds = await databaseKinds();

describe(
  'a real Alertmanager delivers its webhook to COSS',
  { skip: binary ? false : 'Alertmanager is not installed' },
  () => {
    for (const kind of kinds) {
      describe(`on ${kind}`, () => {
        let coss: TestServer;
        let recorder: Awaited<ReturnType<typeof startRecorder>>;
        let am: RunningAlertmanager;
        let stream: StreamClient;

        before(async () => {
          coss = await startTestServer(kind);
          recorder = await startRecorder();
          am = await startAlertmanager({
            config: alertmanagerConfig(coss.url, coss.keys.acme, recorder.url),
            binary: binary ?? undefined,
          });
          stream = openStream(coss.url, coss.tokens.noc, { since: '0' });
        });

        after(async () => {
          stream?.close();
          await am?.stop();
          await recorder?.close();
          await coss?.close();
        });

        const postToAlertmanager = async (alerts: PostedAlert[]) => {
          const response = await fetch(`${am.url}/api/v2/alerts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(alerts),
          });
          const text = await response.text();
          assert.equal(response.status, 200, `Alertmanager refused the alerts: ${text}`);
        };

        const eventsFor = (events: StreamEvent[], posted: PostedAlert, kindName?: string) =>
          events.filter(
            (event) =>
              event.customer === 'acme' &&
              (kindName === undefined || event.kind === kindName) &&
              labelKey(((event.data as Alert | undefined)?.labels ?? {}) as Labels) === labelKey(posted.labels),
          );

        const waitFor = (what: string, predicate: (events: StreamEvent[]) => boolean) =>
          stream.waitFor(predicate, 20_000).catch((error: unknown) => {
            const seen = stream.events.map(
              (e) => `${e.seq} ${e.kind} ${JSON.stringify((e.data as Alert | undefined)?.labels)}`,
            );
            throw new Error(
              `${String(error)} waiting for ${what}\nstream:\n${seen.join('\n')}\nrecorded webhooks: ${recorder.bodies.length}\n` +
                `alertmanager log tail:\n${am.log().slice(-3000)}`,
            );
          });

        it(
          'stores each label set once, bumps repeats, and resolves what Alertmanager resolves',
          { timeout: 60_000 },
          async () => {
            // 1. Firing: db01 three times (separate posts, as Prometheus re-sends every evaluation), db02, latency twice.
            await postToAlertmanager([diskDb01]);
            await postToAlertmanager([diskDb01, diskDb02]);
            await postToAlertmanager([latency]);
            await postToAlertmanager([diskDb01, latency]);
            await waitFor('the first notifications', (events) =>
              [diskDb01, diskDb02, latency].every((posted) => eventsFor(events, posted, 'alert.created').length === 1),
            );

            // 2. A new host joins the DiskFull group: Alertmanager re-sends the whole group, so db01 and db02 repeat.
            await postToAlertmanager([diskDb03, diskDb01]);
            await waitFor(
              'the second DiskFull notification',
              (events) => eventsFor(events, diskDb03, 'alert.created').length === 1,
            );
            await waitFor('db01 repeated', (events) => eventsFor(events, diskDb01, 'alert.updated').length >= 1);

            // 3. Resolve db01 and the latency alert the way Prometheus does: endsAt in the past.
            const endsAt = new Date(Date.now() - 1000).toISOString();
            await postToAlertmanager([
              { ...diskDb01, endsAt },
              { ...latency, endsAt },
            ]);
            await waitFor('the resolves', (events) =>
              [diskDb01, latency].every((posted) => eventsFor(events, posted, 'alert.resolved').length === 1),
            );

            // 4. Quiet: nothing more to send (repeat_interval is an hour), and COSS has answered everything sent.
            while (Date.now() - recorder.lastAt() < 2500) await new Promise((resolve) => setTimeout(resolve, 200));

            // What Alertmanager sent (the recorder's copy): a well-formed version 4 webhook.
            assert.ok(recorder.bodies.length >= 3, `expected at least 3 notifications, got ${recorder.bodies.length}`);
            const firingMentions = new Map<string, number>();
            const resolvedMentions = new Map<string, number>();
            for (const body of recorder.bodies) {
              assert.equal(body.version, '4');
              assert.equal(body.receiver, 'coss');
              for (const sent of body.alerts) {
                const tally = sent.status === 'firing' ? firingMentions : resolvedMentions;
                tally.set(labelKey(sent.labels), (tally.get(labelKey(sent.labels)) ?? 0) + 1);
              }
            }
            assert.ok(
              (firingMentions.get(labelKey(diskDb01.labels)) ?? 0) >= 2,
              'db01 was notified firing at least twice',
            );

            // What COSS holds: one alert per label set, nothing else.
            const list = await coss.request('GET', '/api/v1/alerts?customer=acme', coss.tokens.noc);
            assert.equal(list.status, 200, JSON.stringify(list.body));
            const stored = (list.body as { alerts: Alert[] }).alerts;
            assert.deepEqual(stored.map((a) => labelKey(a.labels)).sort(), all.map((p) => labelKey(p.labels)).sort());

            for (const posted of all) {
              const key = labelKey(posted.labels);
              const found = stored.find((a) => labelKey(a.labels) === key);
              assert.ok(found, `no COSS alert for ${key}`);
              const resolved = posted === diskDb01 || posted === latency;
              assert.deepEqual(
                { ...found, ...expectedFields(posted) },
                found,
                `${posted.labels.instance} was stored as sent`,
              );
              // Repeats bump the count, once per firing notification that carried this label set.
              assert.equal(found.count, firingMentions.get(key), `count of ${posted.labels.instance}`);
              assert.equal(found.status, resolved ? 'resolved' : 'open', `status of ${posted.labels.instance}`);
              assert.equal(found.resolvedAt !== null, resolved);
              assert.equal(resolvedMentions.has(key), resolved, `Alertmanager sent ${posted.labels.instance} resolved`);

              // The stream tells the same story: created once, updated per repeat, resolved once, in that order.
              const history = eventsFor(stream.events, posted);
              assert.deepEqual(
                history.map((event) => event.kind),
                [
                  'alert.created',
                  ...Array<string>(found.count - 1).fill('alert.updated'),
                  ...(resolved ? ['alert.resolved'] : []),
                ],
                `stream history of ${posted.labels.instance}`,
              );
              assert.ok(history.every((event) => event.alertId === found.id));
              const last = history.at(-1)?.data as Alert;
              assert.deepEqual(last, found, 'the last stream event matches the stored alert');
            }
            assert.equal(new Set(stored.map((a) => a.number)).size, all.length, 'distinct event numbers');
          },
        );
      });
    }
  },
);
