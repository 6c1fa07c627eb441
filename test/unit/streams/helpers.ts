import assert from 'node:assert/strict';
import { tap, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { OperatorContext, StoreChange, StreamOperator, StreamRecord } from '../../../src/streams/index.js';
import { createStoreRegistry } from '../../../src/streams/task/store-registry.js';

/** A record at event time `timestamp` from partition 0 of `in`. */
export function rec<K, V>(key: K, value: V, timestamp = 0): StreamRecord<K, V> {
  return { key, value, timestamp, topic: 'in', partition: 0, offset: String(timestamp), headers: {} };
}

export function marbles(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

/**
 * Binds an operator the way a task does: with its stores and a stream time that advances with each
 * record (before the operator sees it). Returns the bound function, the stores and every store write.
 */
export function bindForTest<In extends StreamRecord<unknown, unknown>, Out>(
  operator: StreamOperator<In, Out>,
  extraStores: StreamOperator<never, unknown>['stores'] = [],
): { fn: OperatorFunction<In, Out>; stores: ReturnType<typeof createStoreRegistry>; writes: StoreChange[]; late: In[] } {
  const writes: StoreChange[] = [];
  const stores = createStoreRegistry([...operator.stores, ...extraStores], (change) => writes.push(change));
  let streamTime = Number.NEGATIVE_INFINITY;
  const late: In[] = [];
  const context: OperatorContext = {
    taskId: '0_0',
    partition: 0,
    partitionCount: 1,
    keyValueStore: (spec) => stores.keyValue(spec),
    ttlStore: (spec) => stores.ttl(spec),
    windowStore: (spec) => stores.window(spec),
    streamTime: () => streamTime,
    wallClockTime: () => 0,
    schedule: () => ({ cancel: () => undefined }),
    late: (_operator, record) => late.push(record as In),
  };
  const bound = operator.bind(context);
  return {
    fn: (source) => source.pipe(tap((record) => (streamTime = Math.max(streamTime, record.timestamp))), bound),
    stores,
    writes,
    late,
  };
}
