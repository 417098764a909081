/** Webhooks v3 signature verification: every v1 signature against every secret, constant time, nothing else. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  parseSignatureHeader,
  signBody,
  verifySignature,
  MAX_SIGNATURES,
} from '../../../../../server/integrations/pagerduty/webhook-signature.ts';
import { decide, type IncidentChange, type IncidentState } from '../../../../../server/paging/incident-change.ts';

const body = Buffer.from('{"event":{"id":"01"}}');
const hex = (secret: string, data: Buffer = body) => createHmac('sha256', secret).update(data).digest('hex');

test('a signature made with the configured secret is accepted', () => {
  assert.equal(verifySignature(body, `v1=${hex('s1')}`, ['s1']), true);
  assert.equal(signBody(body, 's1'), `v1=${hex('s1')}`);
});

test('rotation: any of several signatures against any of several secrets', () => {
  const header = `v1=${hex('old')},v1=${hex('new')}`;
  assert.equal(verifySignature(body, header, ['new']), true);
  assert.equal(verifySignature(body, header, ['old']), true);
  assert.equal(verifySignature(body, `v1=${hex('new')}`, ['old', 'new']), true);
  assert.equal(verifySignature(body, ` v1=${hex('x')} , v1=${hex('old')} `, ['old', 'new']), true);
});

test('wrong secret, changed body, missing or malformed headers are refused', () => {
  assert.equal(verifySignature(body, `v1=${hex('wrong')}`, ['s1']), false);
  assert.equal(verifySignature(Buffer.from('{"event":{"id":"02"}}'), `v1=${hex('s1')}`, ['s1']), false);
  assert.equal(verifySignature(body, undefined, ['s1']), false);
  assert.equal(verifySignature(body, '', ['s1']), false);
  assert.equal(verifySignature(body, hex('s1'), ['s1']), false, 'no version prefix');
  assert.equal(verifySignature(body, `v0=${hex('s1')}`, ['s1']), false, 'another version');
  assert.equal(verifySignature(body, `v1=${hex('s1').slice(0, 62)}`, ['s1']), false, 'short');
  assert.equal(verifySignature(body, `v1=${hex('s1')}00`, ['s1']), false, 'long');
  assert.equal(verifySignature(body, `v1=${'z'.repeat(64)}`, ['s1']), false, 'not hex');
  assert.equal(verifySignature(body, `v1=${hex('s1')}`, []), false, 'no secret configured');
  assert.equal(verifySignature(body, `v1=${hex('')}`, ['']), false, 'an empty secret never verifies');
});

test('upper-case hex and array headers are understood; absurd headers are bounded', () => {
  assert.equal(verifySignature(body, `v1=${hex('s1').toUpperCase()}`, ['s1']), true);
  assert.equal(verifySignature(body, ['v1=' + hex('x'), 'v1=' + hex('s1')], ['s1']), true);
  const many = Array.from({ length: 20 }, (_, i) => `v1=${hex(`k${i}`)}`).join(',');
  assert.equal(parseSignatureHeader(many).length, MAX_SIGNATURES);
  assert.deepEqual(parseSignatureHeader('v1=' + 'a'.repeat(5000)), []);
});

const state = (over: Partial<IncidentState> = {}): IncidentState => ({
  status: null,
  statusAt: null,
  assignment: '',
  assignedAt: null,
  escalationPolicyId: null,
  priority: null,
  priorityAt: null,
  ...over,
});
const change = (over: Partial<IncidentChange>): IncidentChange => ({
  kind: 'acknowledged',
  source: 'webhook',
  sourceId: 'e1',
  incidentId: 'PINC1',
  incidentKey: 'coss_102-1',
  incidentNumber: 1,
  serviceId: null,
  escalationPolicy: null,
  status: null,
  assignees: null,
  escalationLevel: null,
  agent: 'Romel Emperado',
  occurredAt: new Date('2024-01-01T10:00:00.700Z'),
  note: null,
  ...over,
});

test('apply decisions: same state or older change reports nothing; a new one reports once', () => {
  const t0 = new Date('2024-01-01T10:00:00.700Z');
  const acked = state({ status: 'acknowledged', statusAt: t0 });
  assert.equal(decide(state({ status: 'triggered' }), change({})).what, 'acknowledged by Romel Emperado');
  assert.equal(decide(acked, change({})).report, false, 'the same acknowledgement again');
  // The log entry of that acknowledgement, rounded to the second.
  assert.equal(
    decide(acked, change({ source: 'log_entry', occurredAt: new Date('2024-01-01T10:00:00Z') })).report,
    false,
  );
  // An acknowledgement older than the resolution that followed it.
  const resolved = state({ status: 'resolved', statusAt: new Date('2024-01-01T10:05:00Z') });
  assert.equal(decide(resolved, change({})).reason, 'superseded');
  assert.equal(
    decide(resolved, change({ kind: 'reopened', agent: 'Dana', occurredAt: new Date('2024-01-01T10:06:00Z') })).what,
    'reopened by Dana',
  );
  // Escalation drops an acknowledgement, so acknowledging again is new.
  const escalated = decide(
    acked,
    change({
      kind: 'escalated',
      escalationLevel: 2,
      assignees: [{ id: 'P2', name: 'Dana' }],
      occurredAt: new Date('2024-01-01T10:01:00Z'),
    }),
  );
  assert.equal(escalated.what, 'escalated to level 2');
  assert.equal(escalated.next.status, 'triggered');
  const reassigned = state({ assignment: 'P2', assignedAt: new Date('2024-01-01T10:01:00Z') });
  assert.equal(
    decide(
      reassigned,
      change({
        kind: 'escalated',
        assignees: [{ id: 'P2', name: 'Dana' }],
        occurredAt: new Date('2024-01-01T10:01:00Z'),
      }),
    ).report,
    false,
  );
  assert.equal(
    decide(state(), change({ kind: 'priority_updated', priority: 'P1' })).what,
    'priority set to P1 by Romel Emperado',
  );
  assert.equal(
    decide(state({ priority: 'P1', priorityAt: t0 }), change({ kind: 'priority_updated', priority: 'P1' })).report,
    false,
  );
  assert.equal(decide(state({ status: 'triggered', statusAt: t0 }), change({ kind: 'triggered' })).report, false);
});
