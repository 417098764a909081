/**
 * `coss admin heartbeat add|list|update|remove`: the changes REST makes (server/heartbeats/heartbeat-changes.ts),
 * with their stream events, so a console sees a heartbeat made from the command line within a poll of the log.
 */
import { formatDuration } from '../../shared/duration.ts';
import { HeartbeatInputSchema, HeartbeatPatchSchema, type Heartbeat } from '../../shared/heartbeat.ts';
import { listCustomers } from '../admin/directory.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import { addHeartbeat, changeHeartbeat, removeHeartbeat } from '../heartbeats/heartbeat-changes.ts';
import { HeartbeatMonitor } from '../heartbeats/heartbeat-monitor.ts';
import { listHeartbeats, toHeartbeat } from '../heartbeats/heartbeat-store.ts';
import { IngestService } from '../ingest/service.ts';
import { NoteRulesCache } from '../notes/rules-repo.ts';

export interface HeartbeatFlags {
  customer?: string | undefined;
  name?: string | undefined;
  interval?: string | undefined;
  grace?: string | undefined;
  by?: string | undefined;
}

type Print = (value: unknown, text: string) => void;

/** The zod issue of a CLI input as the flag it came from: `--interval: expected a duration …`. */
function flagError(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): DomainError {
  const issue = issues[0];
  const flag = issue?.path[0] === undefined ? '' : `--${String(issue.path[0])}: `;
  return new DomainError('invalid', `${flag}${issue?.message ?? 'invalid'}`);
}

function line(heartbeat: Heartbeat): string {
  const last = heartbeat.lastPingAt ?? 'never';
  return `${heartbeat.name}\t${heartbeat.state}\tevery ${formatDuration(heartbeat.intervalMs)} + ${formatDuration(heartbeat.graceMs)}\tlast ping ${last}`;
}

/** Runs one heartbeat verb; throws DomainError for what the operator must fix. */
export async function runHeartbeatAdmin(
  db: Database,
  verb: string | undefined,
  flags: HeartbeatFlags,
  print: Print,
): Promise<void> {
  if (!flags.customer) throw new DomainError('invalid', '--customer is required');
  const customer = (await listCustomers(db)).find((c) => c.slug === flags.customer);
  if (!customer) throw new DomainError('not_found', `no customer ${flags.customer}`, 'customer');
  // Alerts a removal resolves go through the one ingest path; the stream hubs of running nodes read them from the log.
  const rules = new NoteRulesCache(db);
  const ingest = new IngestService({ db, rules, onCommitted: () => undefined });
  const monitor = new HeartbeatMonitor({
    db,
    ingest,
    // Its timer is off here: it only resolves the alert of a heartbeat removed while missed.
    log: { warn: () => undefined },
    checkIntervalMs: 0,
    onCommitted: () => undefined,
  });
  const changes = { db, monitor, onCommitted: () => undefined };
  const by = flags.by ?? 'coss admin';
  const now = new Date();
  try {
    switch (verb) {
      case 'list': {
        const heartbeats = (await listHeartbeats(db, customer.id)).map((row) => toHeartbeat(row, now));
        print(
          heartbeats,
          heartbeats.length === 0 ? `no heartbeats for ${customer.slug}` : heartbeats.map(line).join('\n'),
        );
        return;
      }
      case 'add': {
        const input = HeartbeatInputSchema.safeParse({
          name: flags.name,
          interval: flags.interval,
          ...(flags.grace === undefined ? {} : { grace: flags.grace }),
        });
        if (!input.success) throw flagError(input.error.issues);
        const heartbeat = toHeartbeat(await addHeartbeat(changes, customer.id, input.data, by), now);
        print(heartbeat, line(heartbeat));
        return;
      }
      case 'update': {
        if (!flags.name) throw new DomainError('invalid', '--name is required');
        const patch = HeartbeatPatchSchema.safeParse({
          ...(flags.interval === undefined ? {} : { interval: flags.interval }),
          ...(flags.grace === undefined ? {} : { grace: flags.grace }),
        });
        if (!patch.success) throw flagError(patch.error.issues);
        const heartbeat = toHeartbeat(await changeHeartbeat(changes, customer.id, flags.name, patch.data, by), now);
        print(heartbeat, line(heartbeat));
        return;
      }
      case 'remove': {
        if (!flags.name) throw new DomainError('invalid', '--name is required');
        const removed = toHeartbeat(await removeHeartbeat(changes, customer.id, flags.name, by), now);
        print(removed, `removed ${removed.name}`);
        return;
      }
      default:
        throw new DomainError('invalid', `unknown heartbeat command ${verb ?? ''}; try add, list, update or remove`);
    }
  } finally {
    await ingest.drain();
  }
}
