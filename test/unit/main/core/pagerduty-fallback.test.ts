import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  startPagerDutySimulator,
  type PagerDutySimulator,
} from '../../../simulators/pagerduty/index.ts';
import { PagerDutyFallback } from '../../../../main/core/pagerduty-fallback.ts';
import { MemorySecretStore } from '../../../../main/core/secret-store.ts';
import { SECRET_NAMES, SettingsStore } from '../../../../main/core/settings.ts';
import type { RoomMessage } from '../../../../shared/room.ts';
import { eventually, raise, startConsole, startRestartableCoss, tempDir, type RestartableCoss } from './support.ts';

const TARGET = 'casc/int/systems';

describe('PagerDuty fallback against the simulator', () => {
  let pagerduty: PagerDutySimulator;
  before(async () => {
    pagerduty = await startPagerDutySimulator();
  });
  after(() => pagerduty.close());

  test('a direct page is an Events v2 trigger with COSS’s dedup key; without a REST token, ack goes through Events v2', async () => {
    const fallback = new PagerDutyFallback({
      eventsUrl: pagerduty.eventsUrl,
      apiUrl: pagerduty.apiUrl,
      routingKeys: { [TARGET]: DEFAULT_ROUTING_KEY },
    });
    const { dedupKey } = await fallback.page({
      customerName: 'Acme',
      customerNumber: 102,
      number: 777,
      target: TARGET,
      priority: 'emergency',
      message: 'Core switch down',
      pagedBy: 'NOC',
    });
    assert.equal(dedupKey, 'coss_102-777');
    assert.equal(pagerduty.incident(dedupKey)?.status, 'triggered');
    const trigger = pagerduty.acceptedEvents(DEFAULT_ROUTING_KEY).find((event) => event.eventAction === 'trigger');
    assert.equal((trigger?.body as { payload: { severity: string } }).payload.severity, 'critical');
    assert.deepEqual(await fallback.acknowledge(dedupKey, TARGET), { via: 'events' });
    assert.equal(pagerduty.incident(dedupKey)?.status, 'acknowledged');
    await assert.rejects(
      fallback.page({
        customerName: 'Acme',
        customerNumber: 102,
        number: 1,
        target: 'acme/oncall',
        priority: 'normal',
        message: 'x',
        pagedBy: 'NOC',
      }),
      /no PagerDuty routing key/,
    );
  });
});

describe('console: COSS unreachable, PagerDuty configured', () => {
  let pagerduty: PagerDutySimulator;
  let coss: RestartableCoss;
  before(async () => {
    pagerduty = await startPagerDutySimulator();
    coss = await startRestartableCoss({
      eventsUrl: pagerduty.eventsUrl,
      apiUrl: pagerduty.apiUrl,
      apiToken: DEFAULT_API_TOKEN,
    });
    const target = await coss.request('POST', '/api/v1/paging-targets', coss.tokens.admin, {
      path: TARGET,
      name: 'COSS oncall macro – Systems',
      routingKey: DEFAULT_ROUTING_KEY,
    });
    assert.equal(target.status, 201, JSON.stringify(target.body));
  });
  after(async () => {
    await coss.close();
    await pagerduty.close();
  });

  test('page and ack go straight to PagerDuty marked direct, and COSS is reconciled when it returns', async () => {
    const dataDir = tempDir();
    const settings = new SettingsStore(dataDir);
    settings.update({
      pagerDutyFallback: true,
      pagerDuty: {
        eventsUrl: pagerduty.eventsUrl,
        apiUrl: pagerduty.apiUrl,
        routingKeys: { [TARGET]: DEFAULT_ROUTING_KEY },
        fromEmail: 'romel.emperado@example.com',
      },
    });
    const secrets = new MemorySecretStore();
    await secrets.set(SECRET_NAMES.pagerDutyToken, DEFAULT_API_TOKEN);
    const console = await startConsole(coss.url, coss.tokens.noc, { dataDir, settings, secrets });
    await console.waitForState((state) => state.status === 'live');
    const number = await raise(coss, { device: 'db01.acme.com', summary: 'Disk full' });
    await eventually(
      async () =>
        (await console.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
      15_000,
      'alert cached',
    );
    const dedupKey = `coss_102-${number}`;

    await coss.stop();
    await console.waitForState((state) => state.status !== 'live');
    const paged = await console.core.handlers['page.send']({
      customer: 'acme',
      target: TARGET,
      number,
      priority: 'urgent',
      message: 'Disk full on db01',
    });
    assert.equal(paged.status, 'direct');
    assert.match(paged.message, /directly in PagerDuty/);
    assert.equal(pagerduty.incident(dedupKey)?.status, 'triggered');
    const view = (await console.core.handlers['alerts.list']({ customer: 'acme' })).find(
      (alert) => alert.number === number,
    );
    assert.deepEqual(
      view?.pages.map((page) => [page.dedupKey, page.delivery]),
      [[dedupKey, 'direct']],
    );

    const [acked] = await console.core.handlers['alerts.acknowledge']({ numbers: [number] });
    assert.equal(acked?.status, 'direct');
    assert.equal(pagerduty.incident(dedupKey)?.status, 'acknowledged');
    const put = pagerduty.restRequests().find((request) => request.method === 'PUT');
    assert.equal(put?.headers.from, 'romel.emperado@example.com', 'PagerDuty records who acknowledged');

    await coss.restart();
    await console.waitForState((state) => state.status === 'live' && state.pendingActions === 0, 20_000);
    const room = (
      (await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.noc)).body as { messages: RoomMessage[] }
    ).messages.map((m) => m.body);
    assert.ok(
      room.some((line) => line.startsWith(`Paged ${TARGET} directly in PagerDuty`) && line.includes(dedupKey)),
      room.join('\n'),
    );
    assert.ok(room.includes(`.urgent [${TARGET}, ${number}] Disk full on db01`), 'COSS records the page itself');
    assert.ok(room.some((line) => line.startsWith(`Acknowledged ${dedupKey} directly in PagerDuty`)));
    const alert = (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as {
      alert: { status: string };
    };
    assert.equal(alert.alert.status, 'acknowledged');
    // COSS's own trigger carries the same dedup key, so PagerDuty keeps one incident.
    await eventually(
      () =>
        pagerduty.acceptedEvents(DEFAULT_ROUTING_KEY).filter((event) => event.eventAction === 'trigger').length >= 2,
      20_000,
      'COSS’s trigger',
    );
    assert.equal(pagerduty.incidentCount(dedupKey), 1);
    await console.core.stop();
  });
});
