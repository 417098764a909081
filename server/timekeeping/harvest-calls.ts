/**
 * The Harvest calls one outbox row makes. A create is always preceded by a lookup of the entry by its external
 * reference and COSS's marker in the notes: when Harvest applied a create whose answer was lost (or a node died
 * after sending it), the resend finds that entry instead of starting a second timer.
 */
import { dedupKeyFor } from '../../shared/dedup-key.ts';
import { ok, type Outcome } from '../integrations/call-outcome.ts';
import type { HarvestClient, HarvestTimeEntry, NewTimeEntry } from '../integrations/harvest/client.ts';
import type { HarvestDelivery } from './harvest-outbox.ts';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** The tag in an entry's notes that ties it to one COSS time entry: what a lookup after a lost answer finds. */
export function entryMarker(entryId: number): string {
  return `[coss time #${entryId}]`;
}

/** Carries out the row's operation; ok(null) when there was nothing to do in Harvest (no entry to stop). */
export async function executeHarvestOperation(
  client: HarvestClient,
  delivery: HarvestDelivery,
  publicUrl: string | undefined,
): Promise<Outcome<HarvestTimeEntry | null>> {
  const known = await knownEntry(client, delivery);
  if (known.kind !== 'ok') return known;
  const entry = known.value;
  switch (delivery.operation) {
    case 'start':
      if (entry === null) return client.createEntry(newEntry(delivery, publicUrl));
      return entry.is_running ? ok(entry) : settleState(client, entry.id, 'restart');
    case 'stop':
      // No entry in Harvest: the start never got there (it failed, which fails this row too) or someone deleted it.
      if (entry === null) return ok(null);
      return entry.is_running ? settleState(client, entry.id, 'stop') : ok(entry);
    case 'log': {
      if (entry !== null) return ok(entry);
      const timestamps = await client.wantsTimestampTimers();
      if (timestamps.kind !== 'ok') return timestamps;
      return client.createEntry(newEntry(delivery, publicUrl, timestamps.value));
    }
  }
}

/** The Harvest entry this COSS entry became, by id when known, else by lookup; null when Harvest has none. */
async function knownEntry(client: HarvestClient, delivery: HarvestDelivery): Promise<Outcome<HarvestTimeEntry | null>> {
  const { entry, customer, alert } = delivery;
  if (entry.harvestEntryId !== null) {
    const byId = await client.getEntry(entry.harvestEntryId);
    // Deleted in Harvest by a person: look it up like a new one (and make a new one if it is really gone).
    if (byId.kind !== 'final' || byId.status !== 404) return byId;
  }
  const found = await client.findEntries(dedupKeyFor(customer.number, alert.number), entry.harvestUserId);
  if (found.kind !== 'ok') return found;
  const marker = entryMarker(entry.id);
  return ok(found.value.find((candidate) => candidate.notes?.includes(marker) === true) ?? null);
}

/**
 * Stops or restarts, tolerating the race where someone did it in Harvest first: Harvest refuses stopping a stopped
 * entry (presumably 422; FACTS.md §3 could not read which), so on a refusal the entry is read and accepted when it
 * is already in the wanted state.
 */
async function settleState(
  client: HarvestClient,
  id: number,
  action: 'stop' | 'restart',
): Promise<Outcome<HarvestTimeEntry | null>> {
  const done = action === 'stop' ? await client.stopEntry(id) : await client.restartEntry(id);
  if (done.kind !== 'final') return done;
  const now = await client.getEntry(id);
  if (now.kind === 'ok' && now.value.is_running === (action === 'restart')) return now;
  return done;
}

function newEntry(delivery: HarvestDelivery, publicUrl: string | undefined, timestamps = false): NewTimeEntry {
  const { entry, alert, customer } = delivery;
  const key = dedupKeyFor(customer.number, alert.number);
  const link = publicUrl ? `${publicUrl.replace(/\/+$/, '')}/alerts/${alert.number}` : undefined;
  const words = entry.notes ?? `${alert.device}: ${alert.summary}`;
  const body: NewTimeEntry = {
    user_id: entry.harvestUserId,
    project_id: entry.projectId,
    task_id: entry.taskId,
    spent_date: entry.spentDate,
    notes: `${key} ${words}${link ? ` ${link}` : ''} ${entryMarker(entry.id)}`,
    external_reference: { id: key, group_id: `coss_${customer.number}`, ...(link ? { permalink: link } : {}) },
  };
  // A timer is created without hours (duration accounts) and without ended_time (timestamp accounts): one body
  // starts a running timer under either reading of FACTS.md §3.
  if (entry.kind === 'timer') return body;
  if (!timestamps) return { ...body, hours: Math.round((entry.trackedMs / MS_PER_HOUR) * 100) / 100 };
  return { ...body, ...wallTimes(entry.trackedMs, Date.now()) };
}

/**
 * Start and end times for a logged duration on a timestamp account: ending now, or from midnight when it would
 * start the day before. Harvest reads them in the user's time zone, which COSS does not know, so the times may be
 * shifted; the duration, which is what is billed, is exact to the minute.
 */
function wallTimes(durationMs: number, now: number): { started_time: string; ended_time: string } {
  const minutes = Math.min(24 * 60 - 1, Math.max(1, Math.round(durationMs / 60_000)));
  const nowMinute = Math.floor((now % MS_PER_DAY) / 60_000);
  const end = Math.min(24 * 60 - 1, Math.max(nowMinute, minutes));
  return { started_time: clock(end - minutes), ended_time: clock(end) };
}

function clock(minuteOfDay: number): string {
  const hour = Math.floor(minuteOfDay / 60);
  const minute = String(minuteOfDay % 60).padStart(2, '0');
  return `${hour % 12 === 0 ? 12 : hour % 12}:${minute}${hour < 12 ? 'am' : 'pm'}`;
}
