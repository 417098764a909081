import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EndpointRotation, parseCossUrls } from '../../../../main/core/endpoint-failover.ts';

const A = 'https://coss-eu.example';
const B = 'https://coss-us.example';
const C = 'https://coss-ap.example';

describe('EndpointRotation', () => {
  test('moves to the next endpoint in order after the failures allowed, wrapping around to the first', () => {
    const rotation = new EndpointRotation([A, B, C], { failoverAfterAttempts: 2 });
    assert.equal(rotation.current, A);
    assert.equal(rotation.failed(), null, 'one blip is ridden out');
    assert.equal(rotation.failed(), B);
    assert.equal(rotation.currentIndex, 1);
    assert.equal(rotation.failed(), null, 'failures start over on the new endpoint');
    assert.equal(rotation.failed(), C);
    rotation.failed();
    assert.equal(rotation.failed(), A, 'after the last, the first again');
  });

  test('a connection that went live forgets the failures before it', () => {
    const rotation = new EndpointRotation([A, B], { failoverAfterAttempts: 2 });
    assert.equal(rotation.failed(), null);
    rotation.live();
    assert.equal(rotation.failed(), null, 'the count started over when the stream went live');
    assert.equal(rotation.failed(), B);
  });

  test('one endpoint never moves', () => {
    const rotation = new EndpointRotation([A], { failoverAfterAttempts: 1 });
    for (let i = 0; i < 5; i += 1) assert.equal(rotation.failed(), null);
    assert.equal(rotation.current, A);
  });

  test('moves back to the preferred endpoint after healthy probes in a row, not after one', () => {
    const rotation = new EndpointRotation([A, B, C], { failoverAfterAttempts: 1, healthyProbesToReturn: 2 });
    assert.equal(rotation.failed(), B);
    assert.equal(rotation.probed(true), false);
    assert.equal(rotation.probed(false), false, 'a failed probe starts the count over');
    assert.equal(rotation.probed(true), false);
    assert.equal(rotation.probed(true), true);
    assert.equal(rotation.current, A);
    assert.equal(rotation.onPreferred, true);
    assert.equal(rotation.probed(true), false, 'on the preferred one, probes change nothing');
  });

  test('moveTo goes to an endpoint by its place and refuses one that is not there', () => {
    const rotation = new EndpointRotation([A, B], { failoverAfterAttempts: 1 });
    rotation.moveTo(1);
    assert.equal(rotation.current, B);
    assert.throws(() => rotation.moveTo(2), /no COSS endpoint 3/);
    assert.throws(() => new EndpointRotation([]), /at least one/);
  });
});

describe('parseCossUrls', () => {
  test('reads the endpoints in order, split by commas, spaces or lines, without trailing slashes or repeats', () => {
    assert.deepEqual(parseCossUrls(`${A}/, ${B}\n${C} ${A}`), { urls: [A, B, C] });
    assert.deepEqual(parseCossUrls(''), { urls: [] });
    assert.deepEqual(parseCossUrls('http://127.0.0.1:7400'), { urls: ['http://127.0.0.1:7400'] });
  });

  test('names the entry that is not a URL', () => {
    const answer = parseCossUrls(`${A}, coss-us.example`);
    assert.ok('error' in answer);
    assert.match(answer.error, /coss-us\.example is not a COSS URL/);
    const many = parseCossUrls(Array.from({ length: 9 }, (_, i) => `https://c${i}.example`).join(','));
    assert.ok('error' in many && /at most 8/.test(many.error));
  });
});
