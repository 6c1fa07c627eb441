import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stringSerde, type StoreSpec } from '../../../src/streams/index.js';
import type { ActiveTask } from '../../../src/streams/kafka/active-task.js';
import { allAssignedRunning, queryTaskStores } from '../../../src/streams/kafka/interactive-queries.js';
import { createStoreRegistry } from '../../../src/streams/task/store-registry.js';

const spec: StoreSpec<string, string> = { name: 'volumes', kind: 'key-value', keySerde: stringSerde, valueSerde: stringSerde, maxEntries: 10 };
const other: StoreSpec<string, string> = { ...spec, name: 'other' };

function task(id: string, specs: StoreSpec[], entries: Array<[string, string]>, closed = false): ActiveTask {
  const stores = createStoreRegistry(specs, () => undefined);
  for (const [key, value] of entries) stores.restore(specs[0]?.name ?? '', key, value, 0);
  return { task: { id, stores }, state: closed ? 'CLOSED' : 'RUNNING' } as unknown as ActiveTask;
}

describe('interactive queries over the active tasks', () => {
  test('entries of every open task holding the store, with the tasks that answered', () => {
    const tasks = [task('1_0', [spec as StoreSpec], [['a', 'A']]), task('1_2', [spec as StoreSpec], [['c', 'C']]), task('0_0', [other as StoreSpec], [['x', 'X']]), task('1_1', [spec as StoreSpec], [['b', 'B']], true)];
    const result = queryTaskStores(tasks, 'volumes', 3);
    assert.deepEqual(result.entries, [['a', 'A'], ['c', 'C']]);
    assert.deepEqual(result.tasks, ['1_0', '1_2']);
    assert.equal(result.partial, true, 'task 1_1 is closed: its partition is not answered');
  });

  test('all partitions local: not partial; no tasks yet: empty and partial', () => {
    assert.equal(queryTaskStores([task('1_0', [spec as StoreSpec], [])], 'volumes', 1).partial, false);
    assert.deepEqual(queryTaskStores([], 'volumes', 2), { store: 'volumes', entries: [], tasks: [], partitions: 2, partial: true });
  });

  test('ready once every assigned task runs; never before an assignment; an empty assignment is ready', () => {
    const running = [task('0_0', [spec as StoreSpec], [])];
    assert.equal(allAssignedRunning(undefined, running), false);
    assert.equal(allAssignedRunning(new Set(['0_0', '0_1']), running), false);
    assert.equal(allAssignedRunning(new Set(['0_0']), running), true);
    assert.equal(allAssignedRunning(new Set(), []), true);
  });
});
