import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DurableJsonFile } from '../../../../main/core/durable-json-file.ts';
import { tempDir } from './support.ts';

const onDisk = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('durable JSON file', () => {
  test('a background save resolves once the state asked for is on disk; bursts coalesce into few writes', async () => {
    const dir = tempDir();
    const state = { n: 0 };
    let snapshots = 0;
    const file = new DurableJsonFile(join(dir, 'state.json'), () => {
      snapshots += 1;
      return { ...state };
    });
    const saves: Promise<void>[] = [];
    for (let n = 1; n <= 20; n++) {
      state.n = n;
      saves.push(file.save());
    }
    await saves[0];
    assert.ok((onDisk(file.path) as { n: number }).n >= 1);
    await Promise.all(saves);
    assert.deepEqual(onDisk(file.path), { n: 20 });
    // The first write takes the state as it is when it starts; everything asked meanwhile is one more write.
    assert.ok(snapshots <= 2, `20 saves in one tick took ${snapshots} writes`);
    assert.deepEqual(readdirSync(dir), ['state.json'], 'no temp files left behind');
  });

  test('a background write that finishes after a synchronous save never replaces it with older state', async () => {
    const dir = tempDir();
    const state = { value: 'old' };
    const file = new DurableJsonFile(join(dir, 'state.json'), () => ({ ...state }));
    const background = file.save(); // writes {value: 'old'} off the main thread
    state.value = 'new';
    file.saveSync();
    assert.deepEqual(onDisk(file.path), { value: 'new' });
    await background;
    await file.flush();
    assert.deepEqual(onDisk(file.path), { value: 'new' }, 'the older background write was dropped');
    assert.deepEqual(readdirSync(dir), ['state.json']);
  });

  test('a failed write rejects its savers, and a later save tries again', async () => {
    const dir = tempDir();
    const file = new DurableJsonFile(join(dir, 'missing-folder', 'state.json'), () => ({ ok: true }));
    await assert.rejects(file.save(), /ENOENT/);
    await file.flush();
    assert.equal(file.read(), undefined);
    const other = new DurableJsonFile(join(dir, 'state.json'), () => ({ ok: true }));
    await other.save();
    assert.deepEqual(other.read(), { ok: true });
  });

  test('a sliced background save writes exactly the JSON of the value as it was when the save was asked for', async () => {
    const dir = tempDir();
    const items = Array.from({ length: 1234 }, (_, index) => ({
      n: index,
      text: `line "${index}"\n`,
      skip: undefined,
      nested: { ok: index % 2 === 0 },
    }));
    const state = { schemaVersion: 1, items, small: [1, 2, 3], none: null, gone: undefined };
    const file = new DurableJsonFile(join(dir, 'state.json'), () => ({ ...state, items: state.items }), {
      slicedArrays: true,
    });
    const saved = file.save();
    // After the request: a new item and another field change must not leak into this write.
    items.push({ n: -1, text: 'late', skip: undefined, nested: { ok: false } });
    state.schemaVersion = 2;
    await saved;
    const expected = JSON.parse(
      JSON.stringify({ schemaVersion: 1, items: items.slice(0, 1234), small: [1, 2, 3], none: null }),
    ) as unknown;
    assert.deepEqual(onDisk(file.path), expected);
  });
});
