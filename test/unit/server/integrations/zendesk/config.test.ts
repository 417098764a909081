import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromEnv, ServerConfigSchema } from '../../../../../server/config.ts';

describe('Zendesk settings from the environment', () => {
  it('reach ServerConfig through configFromEnv, as Harvest’s do; off by default', () => {
    const off = ServerConfigSchema.parse({}).zendesk;
    assert.equal(off.url, undefined);
    assert.equal(off.token, undefined);
    assert.deepEqual(off.webhookSecrets, []);
    const config = ServerConfigSchema.parse(
      configFromEnv({
        ZENDESK_URL: 'https://cascadeo.zendesk.com/',
        ZENDESK_TOKEN: 'oauth-1',
        ZENDESK_WEBHOOK_SECRET: 'new-secret, old-secret',
      }),
    );
    assert.deepEqual(config.zendesk, {
      url: 'https://cascadeo.zendesk.com',
      token: 'oauth-1',
      webhookSecrets: ['new-secret', 'old-secret'],
      ticketsPerMinute: 60,
      requestTimeoutMs: 10_000,
      retryBaseMs: 1_000,
      retryCapMs: 60_000,
    });
  });

  it('name the variable that is wrong', () => {
    assert.throws(() => configFromEnv({ ZENDESK_URL: 'cascadeo' }), /^Error: ZENDESK_URL:/);
    assert.throws(() => configFromEnv({ ZENDESK_TICKETS_PER_MINUTE: '3000' }), /ZENDESK_TICKETS_PER_MINUTE must be/);
    assert.throws(() => configFromEnv({ ZENDESK_TIMEOUT_MS: 'soon' }), /^Error: ZENDESK_TIMEOUT_MS:/);
  });
});
