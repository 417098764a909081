/**
 * The queue's rows in shared chunks, in Node: every version reads exactly like the sorted array it stands for (by
 * index, by binary search, in order), stays as it was when later versions are made from it, and a version that
 * changes a few rows shares every chunk those changes did not land in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SortedChunks } from '../../renderer/state/sorted-chunks.ts';
import { lowerBound } from '../../shared/sorted-search.ts';

/** A row: compared by key, then id (a total order, as the queue's), and found by identity. */
interface Row {
  key: number;
  id: number;
}

const compare = (a: Row, b: Row): number => a.key - b.key || a.id - b.id;

let nextId = 0;
const row = (key: number): Row => ({ key, id: nextId++ });

/** Reads `list` every way the console does and checks each against `expected`. */
function assertReadsAs(list: SortedChunks<Row>, expected: readonly Row[]): void {
  assert.equal(list.length, expected.length);
  assert.deepEqual([...list], expected);
  for (let index = -1; index <= expected.length; index++) assert.equal(list.get(index), expected[index]);
  for (const probe of [...expected, row(-1), row(1_000), { key: 50, id: -1 }])
    assert.equal(list.lowerBound(probe, compare), lowerBound(expected, probe, compare));
  assert.ok(
    list.chunks.every((chunk) => chunk.length > 0),
    'no empty chunk',
  );
}

const stepArb = fc.record({
  /** indexes into the current rows (modulo their count) to take out */
  leave: fc.array(fc.nat(), { maxLength: 12 }),
  /** keys of rows to put in */
  enter: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 12 }),
  /** rows that are not in the list, asked to leave: nothing happens to them */
  strangers: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 2 }),
});

describe('sorted rows in shared chunks', () => {
  it('reads like the sorted array after any changes, and every earlier version still reads as it did', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 300 }),
        fc.array(stepArb, { minLength: 1, maxLength: 30 }),
        (keys, steps) => {
          let expected = keys.map(row).sort(compare);
          let list = SortedChunks.of(expected);
          assertReadsAs(list, expected);
          const history: Array<{ list: SortedChunks<Row>; expected: readonly Row[] }> = [{ list, expected }];
          for (const step of steps) {
            const leaving =
              expected.length === 0 ? [] : [...new Set(step.leave.map((at) => expected[at % expected.length] as Row))];
            const entering = step.enter.map(row).sort(compare);
            list = list.with([...leaving, ...step.strangers.map(row)], entering, compare);
            expected = [...expected.filter((item) => !leaving.includes(item)), ...entering].sort(compare);
            assertReadsAs(list, expected);
            history.push({ list, expected });
          }
          for (const version of history) assertReadsAs(version.list, version.expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes out and puts back the same row object (an alert reported changed that did not)', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18].map(row);
    const list = SortedChunks.of(rows);
    const same = rows[9] as Row;
    assertReadsAs(list.with([same], [same], compare), rows);
  });

  it('copies only the chunks a change lands in, and keeps chunks near √n rows however the list grows or shrinks', () => {
    const rows = Array.from({ length: 10_000 }, (_, key) => row(key * 10));
    const list = SortedChunks.of(rows);
    assert.equal(list.chunks.length, 100);
    // Three changes in three places: one row out, one in, one moved.
    const moved = rows[7_000] as Row;
    const next = list.with([rows[10] as Row, moved], [row(50_005), { ...moved, key: 5 }].sort(compare), compare);
    const shared = next.chunks.filter((chunk) => list.chunks.includes(chunk)).length;
    assert.equal(next.chunks.length, 100);
    assert.equal(shared, 97, 'three chunks copied, the other 97 shared');

    // A stream that mostly adds near the top, then one that takes most rows out: chunks are cut and joined.
    let grown = list;
    let expected = [...rows];
    for (let frame = 0; frame < 200; frame++) {
      const entering = Array.from({ length: 50 }, (_, at) => row(frame * 50 + at)).sort(compare);
      grown = grown.with([], entering, compare);
      expected.push(...entering);
    }
    expected.sort(compare);
    assertReadsAs(grown, expected);
    const target = Math.ceil(Math.sqrt(expected.length));
    assert.ok(grown.chunks.every((chunk) => chunk.length <= 2 * target));
    let shrunk = grown;
    for (let frame = 0; frame < 40; frame++) {
      const leaving = expected.filter((_, at) => at % 40 === frame % 40 && at % 3 !== 0);
      shrunk = shrunk.with(leaving, [], compare);
      expected = expected.filter((item) => !leaving.includes(item));
    }
    assertReadsAs(shrunk, expected);
    assert.ok(
      shrunk.chunks.length <= (2 * expected.length) / (Math.ceil(Math.sqrt(expected.length)) >> 1),
      `${shrunk.chunks.length} chunks for ${expected.length} rows: short chunks are joined`,
    );
  });

  it('starts from nothing, and ends with nothing when every row leaves', () => {
    const empty = SortedChunks.of<Row>([]);
    assertReadsAs(empty, []);
    const rows = [3, 1, 2].map(row).sort(compare);
    const filled = empty.with([], rows, compare);
    assertReadsAs(filled, rows);
    assertReadsAs(filled.with(rows, [], compare), []);
    assert.equal(filled.with([row(4)], [], compare), filled, 'nothing changed: the same version');
  });
});
