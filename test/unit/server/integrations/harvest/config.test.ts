import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromEnv } from '../../../../../server/config.ts';
import { harvestConfigFromEnv } from '../../../../../server/integrations/harvest/config.ts';

describe('Harvest settings from the environment', () => {
  it('are off without token and account, and on with both, with defaults', () => {
    assert.equal(harvestConfigFromEnv({}), null);
    assert.equal(configFromEnv({}).harvest, undefined);
    const config = harvestConfigFromEnv({
      HARVEST_TOKEN: 'pat-1',
      HARVEST_ACCOUNT_ID: '1234567',
      COSS_PUBLIC_URL: 'https://coss.example',
    });
    assert.deepEqual(config, {
      url: 'https://api.harvestapp.com',
      token: 'pat-1',
      accountId: '1234567',
      userAgent: 'COSS (https://coss.example)',
      requestsPer15s: 90,
      requestTimeoutMs: 10_000,
      retryBaseMs: 1_000,
      retryCapMs: 60_000,
      publicUrl: 'https://coss.example',
    });
    assert.equal(
      configFromEnv({ HARVEST_TOKEN: 't', HARVEST_ACCOUNT_ID: '1', HARVEST_USER_AGENT: 'COSS (noc@x.example)' }).harvest
        ?.userAgent,
      'COSS (noc@x.example)',
    );
  });

  it('name the variable that is missing or wrong', () => {
    assert.throws(() => harvestConfigFromEnv({ HARVEST_TOKEN: 't' }), /HARVEST_ACCOUNT_ID must be set/);
    assert.throws(() => harvestConfigFromEnv({ HARVEST_ACCOUNT_ID: '1' }), /HARVEST_TOKEN must be set/);
    assert.throws(() => harvestConfigFromEnv({ HARVEST_TOKEN: 't', HARVEST_ACCOUNT_ID: '1' }), /HARVEST_USER_AGENT/);
    const base = { HARVEST_TOKEN: 't', HARVEST_USER_AGENT: 'COSS (noc@x.example)' };
    assert.throws(() => harvestConfigFromEnv({ ...base, HARVEST_ACCOUNT_ID: 'acme' }), /^Error: HARVEST_ACCOUNT_ID:/);
    assert.throws(
      () => harvestConfigFromEnv({ ...base, HARVEST_ACCOUNT_ID: '1', HARVEST_REQUESTS_PER_15S: '150' }),
      /HARVEST_REQUESTS_PER_15S/,
    );
    assert.throws(() => harvestConfigFromEnv({ ...base, HARVEST_ACCOUNT_ID: '1', HARVEST_URL: 'nope' }), /HARVEST_URL/);
  });
});
