/**
 * Time entries as Harvest keeps them (FACTS.md §3): created running or stopped, stopped and restarted only from
 * the opposite state, hours that grow while the timer runs. The clock is the simulator's own, moved by tests.
 */
import type { ExternalReference, HarvestProjectConfig, HarvestUserConfig, SimTimeEntry } from './types.ts';

/** An answer Harvest gives instead of the resource; the body shape is not documented (FACTS.md §6). */
export class HarvestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CreateInput {
  userId: number;
  projectId: number;
  taskId: number;
  spentDate: string;
  notes: string | null;
  hours: number | null;
  startedTime: string | null;
  endedTime: string | null;
  externalReference: ExternalReference | null;
}

const MS_PER_HOUR = 3_600_000;

export class TimeEntryStore {
  private readonly entries = new Map<number, SimTimeEntry>();
  private nextId = 636_709_355;
  /** Every create that reached the store, for "exactly one entry" checks that survive deletes. */
  createdCount = 0;

  constructor(
    private readonly now: () => number,
    readonly users: HarvestUserConfig[],
    readonly projects: HarvestProjectConfig[],
    readonly wantsTimestampTimers: boolean,
  ) {}

  all(): SimTimeEntry[] {
    return [...this.entries.values()];
  }

  get(id: number): SimTimeEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new HarvestError(404, 'Not found');
    return entry;
  }

  /** Hours as the API reports them: stored hours plus the running timer, to two decimals like Harvest's UI. */
  hours(entry: SimTimeEntry): number {
    const running = entry.timerStartedAt === null ? 0 : (this.now() - entry.timerStartedAt) / MS_PER_HOUR;
    return Math.round((entry.storedHours + running) * 100) / 100;
  }

  create(input: CreateInput): SimTimeEntry {
    if (!this.users.some((u) => u.id === input.userId)) throw new HarvestError(422, 'User is not valid');
    const project = this.projects.find((p) => p.id === input.projectId);
    if (!project) throw new HarvestError(422, 'Project is not valid');
    if (!project.tasks.some((t) => t.id === input.taskId))
      throw new HarvestError(422, 'Task is not assigned to the project');
    const byTimes = input.startedTime !== null || input.endedTime !== null;
    if (this.wantsTimestampTimers && input.hours !== null)
      throw new HarvestError(422, 'This account tracks time with start and end times; send started_time');
    if (!this.wantsTimestampTimers && byTimes)
      throw new HarvestError(422, 'This account tracks time by duration; send hours');
    const now = this.now();
    let storedHours = input.hours ?? 0;
    let running = input.hours === null;
    let startedTime: string | null = null;
    let endedTime: string | null = null;
    if (this.wantsTimestampTimers) {
      startedTime = input.startedTime ?? clockTime(now);
      endedTime = input.endedTime;
      running = endedTime === null;
      storedHours = endedTime === null ? 0 : hoursBetween(startedTime, endedTime);
    }
    const entry: SimTimeEntry = {
      id: this.nextId++,
      spentDate: input.spentDate,
      userId: input.userId,
      projectId: input.projectId,
      taskId: input.taskId,
      notes: input.notes,
      externalReference: input.externalReference,
      storedHours,
      timerStartedAt: running ? now : null,
      startedTime,
      endedTime,
      createdAt: now,
      updatedAt: now,
    };
    this.entries.set(entry.id, entry);
    this.createdCount += 1;
    return entry;
  }

  stop(id: number): SimTimeEntry {
    const entry = this.get(id);
    // What Harvest answers for stopping a stopped entry is not documented (FACTS.md §3 gap); 422 is presumed.
    if (entry.timerStartedAt === null) throw new HarvestError(422, 'Time entry is not running');
    const now = this.now();
    entry.storedHours += (now - entry.timerStartedAt) / MS_PER_HOUR;
    entry.timerStartedAt = null;
    if (this.wantsTimestampTimers) entry.endedTime = clockTime(now);
    entry.updatedAt = now;
    return entry;
  }

  restart(id: number): SimTimeEntry {
    const entry = this.get(id);
    if (entry.timerStartedAt !== null) throw new HarvestError(422, 'Time entry is already running');
    const now = this.now();
    entry.timerStartedAt = now;
    if (this.wantsTimestampTimers) entry.endedTime = null;
    entry.updatedAt = now;
    return entry;
  }

  update(id: number, patch: { notes?: string | null; hours?: number; externalReference?: ExternalReference | null }) {
    const entry = this.get(id);
    if (patch.notes !== undefined) entry.notes = patch.notes;
    if (patch.hours !== undefined) entry.storedHours = patch.hours;
    if (patch.externalReference !== undefined) entry.externalReference = patch.externalReference;
    entry.updatedAt = this.now();
    return entry;
  }

  delete(id: number): void {
    this.get(id);
    this.entries.delete(id);
  }

  reset(): void {
    this.entries.clear();
    this.createdCount = 0;
  }
}

/** "8:00am"-style wall time (UTC), the format FACTS.md §3 quotes for started_time. */
function clockTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const m = String(d.getUTCMinutes()).padStart(2, '0');
  return `${h % 12 === 0 ? 12 : h % 12}:${m}${h < 12 ? 'am' : 'pm'}`;
}

function minutesOf(time: string): number {
  const match = /^(\d{1,2}):(\d{2})\s*(am|pm)?$/i.exec(time.trim());
  if (!match) throw new HarvestError(422, `Time is not valid: ${time}`);
  let hour = Number(match[1]) % 24;
  const suffix = match[3]?.toLowerCase();
  if (suffix !== undefined) hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  return hour * 60 + Number(match[2]);
}

function hoursBetween(start: string, end: string): number {
  const minutes = minutesOf(end) - minutesOf(start);
  if (minutes < 0) throw new HarvestError(422, 'Ended time is before started time');
  return minutes / 60;
}
