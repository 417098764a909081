/**
 * `coss admin maintenance add|list|end` and `coss admin customer update --page-test-devices`: the same window changes
 * REST and the room make (server/maintenance/window-changes.ts), with their room lines and stream events, so a
 * console sees a window made from the command line at once.
 */
import type { Customer } from '../../shared/customer.ts';
import { MaintenanceInputSchema, type MaintenanceScope } from '../../shared/maintenance.ts';
import { parseMaintCommand } from '../../shared/maintenance-command.ts';
import { listCustomers } from '../admin/directory.ts';
import type { Database, Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/log.ts';
import { createWindow, endWindow, type WindowChange } from '../maintenance/window-changes.ts';
import { describeScope } from '../maintenance/window-lines.ts';
import { listWindowRows, toWindow } from '../maintenance/window-rows.ts';

export interface MaintenanceFlags {
  customer?: string | undefined;
  id?: string | undefined;
  reason?: string | undefined;
  duration?: string | undefined;
  'starts-at'?: string | undefined;
  'ends-at'?: string | undefined;
  devices?: string | undefined;
  components?: string | undefined;
  classes?: string | undefined;
  systems?: string | undefined;
  groups?: string | undefined;
  matchers?: string | undefined;
  every?: string | undefined;
  ticket?: string | undefined;
  by?: string | undefined;
  slug?: string | undefined;
  'page-test-devices'?: string | undefined;
}

type Print = (value: unknown, text: string) => void;

async function customerOf(db: Database, slug: string | undefined, flag = '--customer'): Promise<Customer> {
  if (!slug) throw new DomainError('invalid', `${flag} is required`);
  const customer = (await listCustomers(db)).find((c) => c.slug === slug);
  if (!customer) throw new DomainError('not_found', `no customer ${slug}`);
  return customer;
}

/** The flag a window field came from, so an error says what to retype (`scope.eventClasses[0]` → `--classes`). */
const FLAGS: Readonly<Record<string, string>> = {
  duration: '--duration',
  startsAt: '--starts-at',
  endsAt: '--ends-at',
  reason: '--reason',
  ticket: '--ticket',
  recurrence: '--every',
  devices: '--devices',
  components: '--components',
  eventClasses: '--classes',
  systems: '--systems',
  deviceGroups: '--groups',
  matchers: '--matchers',
};

function flagError(field: string, message: string): DomainError {
  const key = field.replace(/^scope\./, '').split(/[.[]/)[0] ?? '';
  return new DomainError('invalid', `${FLAGS[key] ?? field}: ${message}`, field);
}

const list = (text: string | undefined) =>
  text === undefined ? undefined : text.split(',').map((part) => part.trim());

async function commit(db: Database, work: (tx: Sql) => Promise<WindowChange>) {
  return db.transaction(async (tx) => {
    const change = await work(tx);
    await appendEvents(tx, change.events);
    return change.window;
  });
}

/** `maintenance <verb>`; throws DomainError for the CLI to print. */
export async function runMaintenanceAdmin(
  db: Database,
  verb: string | undefined,
  flags: MaintenanceFlags,
  print: Print,
) {
  const now = new Date();
  const actor = flags.by ?? 'coss admin';
  switch (verb) {
    case 'add': {
      const customer = await customerOf(db, flags.customer);
      if (flags.reason === undefined || flags.reason.trim() === '')
        throw new DomainError('invalid', '--reason is required: why the window is there (the room shows it)');
      const scope: MaintenanceScope = {
        devices: list(flags.devices),
        components: list(flags.components),
        eventClasses: list(flags.classes),
        systems: list(flags.systems),
        deviceGroups: list(flags.groups),
        matchers: flags.matchers,
      };
      let recurrence;
      if (flags.every !== undefined) {
        const parsed = parseMaintCommand(`.maint all every ${flags.every} -`, customer.timeZone, now);
        if (!parsed.ok) throw new DomainError('invalid', `--every: ${parsed.error}`);
        recurrence = parsed.command.kind === 'create' ? parsed.command.input.recurrence : undefined;
      }
      const input = MaintenanceInputSchema.safeParse(
        JSON.parse(
          JSON.stringify({
            scope,
            reason: flags.reason,
            duration: flags.duration,
            startsAt: flags['starts-at'],
            endsAt: flags['ends-at'],
            recurrence,
            ticket: flags.ticket,
          }),
        ),
      );
      if (!input.success) {
        const issue = input.error.issues[0];
        throw flagError(issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
      }
      const window = await commit(db, (tx) => createWindow(tx, customer, input.data, actor, now)).catch(
        (error: unknown) => {
          // The domain names the REST field ("duration: …"); the operator typed a flag.
          if (!(error instanceof DomainError) || error.field === undefined) throw error;
          throw flagError(error.field, error.message.replace(`${error.field}: `, ''));
        },
      );
      print(
        window,
        `maintenance window #${window.id} for ${customer.slug} (${describeScope(window.scope)}): ${window.state}`,
      );
      return;
    }
    case 'list': {
      const customer = await customerOf(db, flags.customer);
      const windows = (await listWindowRows(db, customer.id, 7, now)).map((row) => toWindow(row, customer, now));
      print(
        windows,
        windows
          .map(
            (w) =>
              `#${w.id}\t${w.state}\t${w.activeUntil ?? w.nextStart ?? w.endedAt ?? w.endsAt ?? '-'}\t${describeScope(w.scope)}\t${w.reason}`,
          )
          .join('\n'),
      );
      return;
    }
    case 'end': {
      const customer = await customerOf(db, flags.customer);
      const id = Number(flags.id);
      if (!Number.isInteger(id) || id <= 0)
        throw new DomainError('invalid', '--id must be a window id (maintenance list shows them)');
      const window = await commit(db, (tx) => endWindow(tx, customer, id, actor, now));
      print(window, `maintenance window #${window.id} for ${customer.slug} ended`);
      return;
    }
    default:
      throw new DomainError('invalid', `unknown maintenance command "${verb ?? ''}": use add, list or end`);
  }
}

/** `customer update --slug S --page-test-devices yes|no`. */
export async function updateCustomerPaging(db: Database, flags: MaintenanceFlags, print: Print) {
  const value = flags['page-test-devices'];
  if (value !== 'yes' && value !== 'no') {
    throw new DomainError(
      'invalid',
      '--page-test-devices must be yes or no (page alerts of Zenoss Test and Decommissioned devices)',
    );
  }
  const customer = await customerOf(db, flags.slug, '--slug');
  await db.query('UPDATE customers SET page_test_devices = $2 WHERE id = $1', [customer.id, value === 'yes']);
  print(
    { slug: customer.slug, pageTestDevices: value === 'yes' },
    `customer ${customer.slug}: alerts of Zenoss Test and Decommissioned devices are ${value === 'yes' ? '' : 'not '}paged`,
  );
}
