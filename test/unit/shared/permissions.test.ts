/** The role table: docs/SECURITY.md shows exactly what shared/permissions.ts decides, and the helpers say it right. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ACTIONS, PERMISSIONS, can, canUseTarget, refusal, type Action } from '../../../shared/permissions.ts';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { COMMAND_CATALOG, commandPermission, parseCommand } from '../../../shared/commands/index.ts';

/** The Markdown table under "## Who may do what" in docs/SECURITY.md, as action → roles allowed. */
function documentedTable(): { header: string[]; rows: Map<string, Role[]> } {
  const text = readFileSync(new URL('../../../docs/SECURITY.md', import.meta.url), 'utf8');
  const section = text.split(/^## /m).find((part) => part.startsWith('Who may do what'));
  assert.ok(section, 'docs/SECURITY.md has a "Who may do what" section');
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
  const header = cells(lines[0] ?? '');
  const rows = new Map<string, Role[]>();
  for (const line of lines.slice(2)) {
    const [name, ...marks] = cells(line);
    const action = /^`([^`]+)`$/.exec(name ?? '')?.[1];
    assert.ok(action, `row ${line} names its action in backticks`);
    for (const mark of marks)
      assert.ok(mark === '✓' || mark === '–', `row ${action}: unexpected mark ${JSON.stringify(mark)}`);
    rows.set(action, header.slice(1).filter((_, index) => marks[index] === '✓') as Role[]);
  }
  return { header, rows };
}

describe('the role table', () => {
  it('docs/SECURITY.md shows the same table as shared/permissions.ts, row for row', () => {
    const { header, rows } = documentedTable();
    assert.deepEqual(header, ['Action', ...ROLES]);
    assert.deepEqual([...rows.keys()], [...ACTIONS]);
    for (const action of ACTIONS) assert.deepEqual(rows.get(action), [...PERMISSIONS[action]], action);
  });

  it('customer users chat, note and page their own queues; staff work alerts; admins own the directory', () => {
    const allowed = (role: Role) => ACTIONS.filter((action) => can(role, action));
    assert.deepEqual(
      allowed('customer').filter((action) => !action.endsWith('.read')),
      ['alert.note', 'room.chat', 'page.own-queue'],
    );
    for (const action of [
      'alert.acknowledge',
      'alert.resolve',
      'alert.reopen',
      'alert.assign',
      'alert.escalate',
      'alert.reassign',
    ] as const) {
      assert.equal(can('customer', action), false, action);
      assert.equal(can('operator', action), true, action);
    }
    assert.deepEqual(
      ROLES.filter((role) => can(role, 'paging-targets.edit')),
      ['admin'],
    );
  });

  it('a customer user may use their own queue from their room, not the NOC’s nor another customer’s', () => {
    assert.equal(canUseTarget('customer', { customer: 'acme' }, 'acme'), true);
    assert.equal(canUseTarget('customer', { customer: null }, 'acme'), false);
    assert.equal(canUseTarget('customer', { customer: 'globex' }, 'acme'), false);
    for (const role of ['admin', 'operator', 'engineer', 'pm'] as const)
      assert.equal(canUseTarget(role, { customer: null }, 'acme'), true);
  });

  it('a refusal names the role, the action and who may', () => {
    assert.equal(
      refusal('customer', 'alert.resolve'),
      'a customer user may not resolve alerts (alert.resolve): only admin, operator, engineer and pm users may.',
    );
    assert.equal(
      refusal('operator', 'paging-targets.edit'),
      'an operator may not change the paging directory (paging-targets.edit): only admins may.',
    );
  });

  it('every room command names the right it needs, and page words and aliases agree', () => {
    const expected: Record<string, Action> = {
      '.oncall [acme/oncall] x': 'page.own-queue',
      '.oncall! [acme/oncall] x': 'page.own-queue',
      '.emergency [acme/oncall] x': 'page.own-queue',
      '.ack 1': 'alert.acknowledge',
      '.resolve 1': 'alert.resolve',
      '.reopen 1': 'alert.reopen',
      '.escalate 1': 'alert.escalate',
      '.reassign 1 casc/romel': 'alert.reassign',
      '.note 1 x': 'alert.note',
      '.who casc/romel': 'page.own-queue',
      '.help': 'room.chat',
    };
    for (const [line, action] of Object.entries(expected)) {
      const parsed = parseCommand(line);
      assert.ok(parsed.ok && parsed.kind === 'command', line);
      assert.equal(commandPermission(parsed.command), action, line);
    }
    for (const spec of COMMAND_CATALOG) assert.ok((ACTIONS as readonly string[]).includes(spec.permission), spec.name);
  });
});
