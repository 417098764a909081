/**
 * Everything an end-to-end file starts before its first scenario: Chromium, the built renderer, the PagerDuty
 * simulator (Romel Emperado on call for the Systems escalation policy, as in the seed transcript) and a real COSS
 * whose PagerDuty is that simulator, with its signed webhooks delivered back. Whatever started is stopped by close(),
 * also when something else failed to start.
 */
import type { Browser } from 'playwright-core';
import type { Sql } from '../../../server/db/database.ts';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../simulators/pagerduty/index.ts';
import type { ServiceConfig } from '../../simulators/pagerduty/types.ts';
import { upsertTarget } from '../../../server/paging/targets.ts';
import { buildRendererApp, launchChromium } from './browser.ts';
import { startE2eCoss, type E2eCoss } from './coss.ts';

export interface E2eStack {
  browser: Browser;
  renderer: { dir: string; remove(): void };
  pagerduty: PagerDutySimulator;
  coss: E2eCoss;
  close(): Promise<void>;
}

/** The NOC's Systems service in PagerDuty, which the transcript's `.oncall [casc/int/systems, …]` pages. */
export function systemsService(routingKey: string): ServiceConfig {
  return { id: 'PSYSTEM', name: 'COSS oncall macro – Systems', routingKey, escalationPolicyId: 'PEPSYS1' };
}

/** COSS's target `casc/int/systems` for that service. */
export async function addSystemsTarget(db: Sql, routingKey: string): Promise<void> {
  await upsertTarget(db, {
    path: 'casc/int/systems',
    name: 'COSS oncall macro – Systems',
    routingKey,
    serviceId: 'PSYSTEM',
    escalationPolicyId: 'PEPSYS1',
  });
}

export interface E2eStackOptions {
  /** PagerDuty services; each is on the Systems escalation policy (PEPSYS1) */
  services: ServiceConfig[];
  apiToken: string;
  webhookSecret: string;
  /** PagerDuty's clock (the seed transcript runs at its own moment) */
  now?: () => number;
  /** runs against the seeded database before COSS starts: targets, users, sequences */
  prepare?: (db: Sql) => Promise<void>;
  /** COSS's Zendesk (the test's simulator); absent: tickets are not configured */
  zendesk?: { url: string; token: string };
}

export async function startE2eStack(options: E2eStackOptions): Promise<E2eStack> {
  const started: Partial<Omit<E2eStack, 'close'>> = {};
  const close = async () => {
    await started.browser?.close().catch(() => undefined);
    await started.coss?.dispose().catch(() => undefined);
    await started.pagerduty?.close().catch(() => undefined);
    started.renderer?.remove();
  };
  try {
    started.browser = await launchChromium();
    const [built, simulator] = await Promise.allSettled([
      buildRendererApp(),
      startPagerDutySimulator({
        services: options.services,
        escalationPolicies: [{ id: 'PEPSYS1', name: 'Systems' }],
        users: [{ id: 'PROMEL1', name: 'Romel Emperado', email: 'romel@casc.example' }],
        onCalls: [{ userId: 'PROMEL1', escalationPolicyId: 'PEPSYS1', escalationLevel: 1 }],
        apiTokens: [options.apiToken],
        webhookDelivery: { timeoutMs: 2000, retryDelaysMs: [100, 200, 400] },
        ...(options.now ? { now: options.now } : {}),
      }),
    ]);
    if (built.status === 'fulfilled') started.renderer = built.value;
    if (simulator.status === 'fulfilled') started.pagerduty = simulator.value;
    if (built.status === 'rejected') throw built.reason;
    if (simulator.status === 'rejected') throw simulator.reason;
    const pagerduty = simulator.value;
    started.coss = await startE2eCoss({
      pagerduty: {
        eventsUrl: pagerduty.eventsUrl,
        apiUrl: pagerduty.apiUrl,
        apiToken: options.apiToken,
        webhookSecret: options.webhookSecret,
      },
      ...(options.prepare ? { prepare: options.prepare } : {}),
      ...(options.zendesk ? { zendesk: options.zendesk } : {}),
    });
    pagerduty.addWebhookSubscriber({
      url: `${started.coss.url}/api/v1/webhooks/pagerduty`,
      secret: options.webhookSecret,
    });
    return { browser: started.browser, renderer: built.value, pagerduty, coss: started.coss, close };
  } catch (error) {
    await close();
    throw error;
  }
}
