import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCommand, parseCommand } from '../../../../shared/commands/index.ts';

const parsed = (line: string) => {
  const result = parseCommand(line);
  assert.ok(result.ok && result.kind === 'command', `${line}: ${JSON.stringify(result)}`);
  return result.command;
};
const error = (line: string) => {
  const result = parseCommand(line);
  assert.ok(!result.ok, `${line} parsed`);
  return result.error;
};

describe('.ticket grammar', () => {
  it('reads priority, event and subject, and formats back canonically', () => {
    assert.deepEqual(parsed('.ticket urgent 32962 DNS ELB failing'), {
      name: 'ticket',
      priority: 'urgent',
      event: { number: 32962, customerNumber: null },
      subject: 'DNS ELB failing',
    });
    assert.deepEqual(parsed('.TICKET High coss_102-32962'), {
      name: 'ticket',
      priority: 'high',
      event: { number: 32962, customerNumber: 102 },
      subject: null,
    });
    assert.deepEqual(parsed('.ticket normal Acme asks for a DNS change'), {
      name: 'ticket',
      priority: 'normal',
      event: null,
      subject: 'Acme asks for a DNS change',
    });
    assert.equal(formatCommand(parsed('.ticket  low  #7   disk  full ')), '.ticket low 7 disk  full');
  });

  it('refuses a missing or unknown priority and a ticket with neither event nor subject', () => {
    assert.equal(error('.ticket').code, 'missing_priority');
    const bad = error('.ticket asap 32962 x');
    assert.equal(bad.code, 'missing_priority');
    assert.match(bad.message, /"asap" is not a ticket priority; use urgent, high, normal or low/);
    assert.equal(error('.ticket urgent').code, 'missing_text');
  });
});
