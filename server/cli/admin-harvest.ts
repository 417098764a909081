/** `coss admin harvest set|user`: the Harvest project and task per customer, the Harvest user id per person. */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import { setCustomerProject, setHarvestUser } from '../timekeeping/harvest-directory.ts';

export interface HarvestFlags {
  customer?: string | undefined;
  name?: string | undefined;
  project?: string | undefined;
  task?: string | undefined;
  'harvest-user-id'?: string | undefined;
}

type Print = (value: unknown, text: string) => void;

const HarvestIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,17}$/, 'a Harvest id (a positive whole number)')
  .transform(Number);

function harvestId(flag: string, value: string | undefined): number {
  if (value === undefined) throw new DomainError('invalid', `--${flag} is required`);
  const parsed = HarvestIdSchema.safeParse(value);
  if (!parsed.success) throw new DomainError('invalid', `--${flag}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Runs one harvest verb; `subject` is the positional customer (set) or user name (user), if given. */
export async function runHarvestAdmin(
  db: Database,
  verb: string | undefined,
  subject: string | undefined,
  flags: HarvestFlags,
  print: Print,
): Promise<void> {
  switch (verb) {
    case 'set': {
      const slug = subject ?? flags.customer;
      if (!slug) throw new DomainError('invalid', 'name the customer: harvest set SLUG --project N --task N');
      const set = await setCustomerProject(
        db,
        slug,
        harvestId('project', flags.project),
        harvestId('task', flags.task),
      );
      print(set, `${set.slug}: time goes to Harvest project ${set.projectId}, task ${set.taskId}`);
      return;
    }
    case 'user': {
      const name = subject ?? flags.name;
      if (!name) throw new DomainError('invalid', "name the user: harvest user NAME --harvest-user-id N|''");
      const raw = flags['harvest-user-id'];
      const id = raw === '' ? null : harvestId('harvest-user-id', raw);
      const set = await setHarvestUser(db, name, id);
      print(
        set,
        set.harvestUserId === null
          ? `${set.name} no longer tracks time in Harvest`
          : `${set.name} tracks time as Harvest user ${set.harvestUserId}`,
      );
      return;
    }
    default:
      throw new DomainError('invalid', `unknown harvest command ${verb ?? ''}; try: harvest set, harvest user`);
  }
}
