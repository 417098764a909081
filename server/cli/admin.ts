/**
 * `coss admin`: the directory from the command line. Secrets are printed once and stored hashed; `--json` makes the
 * output a single JSON document for scripts.
 */
import { parseArgs } from 'node:util';
import { CustomerInputSchema } from '../../shared/customer.ts';
import { z } from 'zod';
import { RoleSchema } from '../../shared/roles.ts';
import { openDatabase } from '../db/open.ts';
import { configFromEnv } from '../config.ts';
import {
  addCustomer,
  addIngestKey,
  addToken,
  addUser,
  listCustomers,
  listUsers,
  revokeSecret,
  updateUser,
  type UserChanges,
} from '../admin/directory.ts';
import { DomainError } from '../domain-error.ts';
import { assertDataDirFree } from './data-dir-lock.ts';
import { PagingTargetInputSchema } from '../../shared/paging.ts';
import { listTargets, publicTarget, removeTarget, upsertTarget } from '../paging/targets.ts';
import { errorMessage } from '../../shared/error-message.ts';
import { runHeartbeatAdmin } from './admin-heartbeats.ts';
import { runMaintenanceAdmin, updateCustomerPaging } from './admin-maintenance.ts';
import { runTransformAdmin } from './admin-transforms.ts';
import { updateRoomCards } from './admin-room-cards.ts';
import { runZendeskAdmin } from './admin-zendesk.ts';
import { runHarvestAdmin } from './admin-harvest.ts';

/** The email PagerDuty knows the person by (the REST API's `From` header). */
const PagerDutyEmailSchema = z.string().email();

const HELP = `coss admin — manage customers, users, API tokens and ingest keys

  customer add --number N --slug S --name NAME [--time-zone TZ]
  customer list
  customer update --slug S --page-test-devices yes|no   page alerts of Zenoss Test and Decommissioned devices
  customer update --slug S --room-cards critical,error|none   severities whose alerts post their card in the room
  maintenance add --customer SLUG --reason R (--duration D [--starts-at ISO] | --every "Sat,Sun 02:00-04:00" [--ends-at ISO])
                  [--devices G,G] [--components G] [--classes /P] [--systems /P] [--groups /P] [--matchers '{job="node"}']
                  [--ticket T] [--by NAME]          no scope flag: the whole customer
  maintenance list --customer SLUG
  maintenance end --customer SLUG --id N [--by NAME]
  transform add (--customer SLUG | --global) --name N --match JSON --actions JSON [--position P] [--disabled]
                [--why W] [--by NAME]           e.g. --match '{"device":"lab*"}' --actions '[{"type":"suppress"}]'
  transform list|show (--customer SLUG | --global) [--id N]
  transform disable|enable|remove (--customer SLUG | --global) --id N [--why W] [--by NAME]
  transform preview (--customer SLUG | --global) --match JSON --actions JSON [--days 1..30]
  heartbeat add --customer SLUG --name N --interval D [--grace D]   a heartbeat due before its first ping
  heartbeat update --customer SLUG --name N [--interval D] [--grace D]
  heartbeat list --customer SLUG
  zendesk set SLUG [--group N] [--organization N] [--requester N] [--contacts TEXT]
                                             where the customer's tickets go; '' clears an id
  zendesk show SLUG
  heartbeat remove --customer SLUG --name N   resolves its alert if it was missed
  harvest set SLUG --project N --task N      the Harvest project and task the customer's time goes to
  harvest user NAME --harvest-user-id N|''   the Harvest user a staff member logs time as ('' removes)
  user add --name NAME --role admin|operator|engineer|pm|customer [--customer SLUG] [--display-name D] [--pagerduty-email E]
  user update --name NAME [--display-name D] [--role R] [--customer SLUG|''] [--pagerduty-email E|'']
                                             '' removes; staff need a PagerDuty email to ack, escalate or note incidents
  user list
  token add --user NAME [--label L]          prints the API token once
  token revoke --id N
  key add --customer SLUG [--label L]        prints the ingest key once
  key revoke --id N
  target add --path P --name NAME --routing-key KEY [--service-id ID] [--escalation-policy-id ID] [--customer SLUG]
  target list
  target remove --path P

Every command takes --json and --data-dir DIR (or COSS_DATA_DIR); DATABASE_URL selects PostgreSQL.
`;

/** Runs an admin command; returns the exit code. */
export async function runAdmin(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [noun, verb, ...rest] = argv;
  // `zendesk set SLUG …`, `harvest set SLUG …` and `harvest user NAME …` name their subject first, as the NOC says it.
  const subject =
    (noun === 'harvest' || noun === 'zendesk') && rest[0] !== undefined && !rest[0].startsWith('-')
      ? rest.shift()
      : undefined;
  if (noun === undefined || noun === 'help' || noun === '--help') {
    process.stdout.write(HELP);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        json: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        number: { type: 'string' },
        slug: { type: 'string' },
        name: { type: 'string' },
        'time-zone': { type: 'string' },
        role: { type: 'string' },
        customer: { type: 'string' },
        'display-name': { type: 'string' },
        'pagerduty-email': { type: 'string' },
        user: { type: 'string' },
        label: { type: 'string' },
        id: { type: 'string' },
        path: { type: 'string' },
        'routing-key': { type: 'string' },
        'service-id': { type: 'string' },
        'escalation-policy-id': { type: 'string' },
        interval: { type: 'string' },
        grace: { type: 'string' },
        reason: { type: 'string' },
        duration: { type: 'string' },
        'starts-at': { type: 'string' },
        'ends-at': { type: 'string' },
        devices: { type: 'string' },
        components: { type: 'string' },
        classes: { type: 'string' },
        systems: { type: 'string' },
        groups: { type: 'string' },
        matchers: { type: 'string' },
        every: { type: 'string' },
        ticket: { type: 'string' },
        by: { type: 'string' },
        'page-test-devices': { type: 'string' },
        global: { type: 'boolean' },
        position: { type: 'string' },
        disabled: { type: 'boolean' },
        match: { type: 'string' },
        actions: { type: 'string' },
        why: { type: 'string' },
        days: { type: 'string' },
        'room-cards': { type: 'string' },
        group: { type: 'string' },
        organization: { type: 'string' },
        requester: { type: 'string' },
        contacts: { type: 'string' },
        project: { type: 'string' },
        task: { type: 'string' },
        'harvest-user-id': { type: 'string' },
      },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`coss admin: ${errorMessage(error)}\n`);
    return 2;
  }
  const options = parsed.values;
  const fromEnv = configFromEnv(env);
  const dataDir = options['data-dir'] ?? fromEnv.dataDir ?? '.coss-data';
  if (!fromEnv.databaseUrl) {
    const busy = assertDataDirFree(dataDir);
    if (busy) {
      process.stderr.write(`coss admin: ${busy}\n`);
      return 1;
    }
  }
  const db = await openDatabase({ databaseUrl: fromEnv.databaseUrl, dataDir });
  const print = (value: unknown, text: string) =>
    process.stdout.write(options.json ? JSON.stringify(value) + '\n' : text + '\n');
  const need = (name: keyof typeof options): string => {
    const value = options[name];
    if (typeof value !== 'string' || value === '') throw new DomainError('invalid', `--${name} is required`);
    return value;
  };
  try {
    switch (`${noun} ${verb}`) {
      case 'customer add': {
        const input = CustomerInputSchema.safeParse({
          number: Number(need('number')),
          slug: need('slug'),
          name: need('name'),
          timeZone: options['time-zone'] ?? 'UTC',
        });
        if (!input.success) {
          const issue = input.error.issues[0];
          throw new DomainError('invalid', `--${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`);
        }
        const customer = await addCustomer(db, input.data);
        print(
          customer,
          `customer ${customer.slug} (#${customer.number}, ${customer.name}, ${customer.timeZone}) added`,
        );
        break;
      }
      case 'customer update':
        if (options['room-cards'] !== undefined) await updateRoomCards(db, options, print);
        if (options['room-cards'] === undefined || options['page-test-devices'] !== undefined)
          await updateCustomerPaging(db, options, print);
        break;
      case 'maintenance add':
      case 'maintenance list':
      case 'maintenance end':
        await runMaintenanceAdmin(db, verb, options, print);
        break;
      case 'transform add':
      case 'transform list':
      case 'transform show':
      case 'transform disable':
      case 'transform enable':
      case 'transform remove':
      case 'transform preview':
        await runTransformAdmin(db, verb, options, print);
        break;
      case 'harvest set':
      case 'harvest user':
        await runHarvestAdmin(db, verb, subject, options, print);
        break;
      case 'zendesk set':
      case 'zendesk show':
        await runZendeskAdmin(db, verb, subject, options, print);
        break;
      case 'heartbeat add':
      case 'heartbeat list':
      case 'heartbeat update':
      case 'heartbeat remove':
        await runHeartbeatAdmin(db, verb, options, print);
        break;
      case 'customer list': {
        const customers = await listCustomers(db);
        print(customers, customers.map((c) => `${c.number}\t${c.slug}\t${c.name}\t${c.timeZone}`).join('\n'));
        break;
      }
      case 'user add': {
        const role = RoleSchema.safeParse(need('role'));
        if (!role.success) throw new DomainError('invalid', '--role must be admin, operator, engineer, pm or customer');
        const user = await addUser(db, {
          name: need('name'),
          role: role.data,
          ...(options.customer ? { customer: options.customer } : {}),
          ...(options['display-name'] ? { displayName: options['display-name'] } : {}),
          ...(options['pagerduty-email'] ? { pagerdutyEmail: options['pagerduty-email'] } : {}),
        });
        print(user, `user ${user.name} (${user.role}${user.customer ? ` of ${user.customer}` : ''}) added`);
        break;
      }
      case 'user update': {
        const changes: UserChanges = {};
        if (options.role !== undefined) {
          const role = RoleSchema.safeParse(options.role);
          if (!role.success)
            throw new DomainError('invalid', '--role must be admin, operator, engineer, pm or customer');
          changes.role = role.data;
        }
        if (options['display-name'] !== undefined) {
          if (options['display-name'].trim() === '') throw new DomainError('invalid', '--display-name cannot be empty');
          changes.displayName = options['display-name'].trim();
        }
        if (options.customer !== undefined) changes.customer = options.customer === '' ? null : options.customer;
        const email = options['pagerduty-email'];
        if (email !== undefined) {
          if (email !== '' && !PagerDutyEmailSchema.safeParse(email).success) {
            throw new DomainError('invalid', `--pagerduty-email: ${email} is not an email address`);
          }
          changes.pagerdutyEmail = email === '' ? null : email;
        }
        if (Object.keys(changes).length === 0) {
          throw new DomainError(
            'invalid',
            'nothing to change: give --display-name, --role, --customer or --pagerduty-email',
          );
        }
        const user = await updateUser(db, need('name'), changes);
        print(
          user,
          `user ${user.name} updated: ${user.displayName}, ${user.role}${user.customer ? ` of ${user.customer}` : ''}, PagerDuty email ${user.pagerdutyEmail ?? 'none'}`,
        );
        break;
      }
      case 'user list': {
        const users = await listUsers(db);
        print(
          users,
          users.map((u) => `${u.name}\t${u.role}\t${u.customer ?? '-'}\t${u.pagerdutyEmail ?? '-'}`).join('\n'),
        );
        break;
      }
      case 'token add': {
        const token = await addToken(db, need('user'), options.label ?? '');
        print(token, `token ${token.id} for ${options.user}: ${token.token}\n(shown once; COSS keeps only its hash)`);
        break;
      }
      case 'key add': {
        const key = await addIngestKey(db, need('customer'), options.label ?? '');
        print(key, `ingest key ${key.id} for ${options.customer}: ${key.key}\n(shown once; COSS keeps only its hash)`);
        break;
      }
      case 'token revoke':
      case 'key revoke': {
        const revoked = await revokeSecret(db, noun === 'token' ? 'token' : 'key', Number(need('id')));
        if (!revoked) throw new DomainError('not_found', `no active ${noun} ${options.id}`);
        print({ revoked: true, id: Number(options.id) }, `${noun} ${options.id} revoked`);
        break;
      }
      case 'target add': {
        const input = PagingTargetInputSchema.safeParse({
          path: need('path'),
          name: need('name'),
          routingKey: need('routing-key'),
          serviceId: options['service-id'] ?? null,
          escalationPolicyId: options['escalation-policy-id'] ?? null,
          customer: options.customer ?? null,
        });
        if (!input.success) {
          const issue = input.error.issues[0];
          const flag = String(issue?.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
          throw new DomainError('invalid', `--${flag}: ${issue?.message ?? 'invalid'}`);
        }
        const target = publicTarget(await upsertTarget(db, input.data));
        print(target, `target ${target.path} → ${target.name} (routing key ${target.routingKeyHint})`);
        break;
      }
      case 'target list': {
        const targets = (await listTargets(db, null)).map(publicTarget);
        print(
          targets,
          targets
            .map(
              (t) =>
                `${t.path}\t${t.name}\t${t.serviceId ?? '-'}\t${t.escalationPolicyId ?? '-'}\t${t.customer ?? 'NOC'}`,
            )
            .join('\n'),
        );
        break;
      }
      case 'target remove': {
        if (!(await removeTarget(db, need('path')))) throw new DomainError('not_found', `no target ${options.path}`);
        print({ removed: true, path: options.path }, `target ${options.path} removed`);
        break;
      }
      default:
        process.stderr.write(`coss admin: unknown command "${noun} ${verb ?? ''}"\n\n${HELP}`);
        return 2;
    }
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`coss admin: ${error.message}\n`);
      if (options.json)
        process.stdout.write(JSON.stringify({ error: { code: error.code, message: error.message } }) + '\n');
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}
