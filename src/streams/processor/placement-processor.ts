import { isPromiseLike } from '../task/maybe-async.js';
import { partitionForKey } from '../partitioner/murmur2-partitioner.js';
import type { StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import type { Output, ProcessorContext, ProcessorSupplier } from './processor.js';

export type PlacementOutputs<K, V> = { readonly placed: Output<K, V>; readonly misplaced: Output<K, V> };

/**
 * Sorts records by whether they sit on the partition their key belongs to: `placed` when the
 * default partitioner puts the key's serialized bytes on this task's partition, `misplaced`
 * otherwise (the `KStream#markAsPartitioned` check). A null key is placed: no partition owns it.
 * A key whose serializer answers with a promise is treated as misplaced, so the repartition topic
 * (whose sink awaits it) decides where it goes. Misplaced records are counted under the repartition
 * topic's name (`streams_records_misplaced_total{processor}`).
 */
export function placementProcessor<K, V>(keySerde: Serde<K>, repartitionName: string): ProcessorSupplier<K, V, PlacementOutputs<K, V>> {
  return () => {
    let context: ProcessorContext<PlacementOutputs<K, V>>;
    return {
      init(given) {
        context = given;
      },
      process(record: StreamRecord<K, V>) {
        if (isPlaced(record.key)) context.forward(record, 'placed');
        else {
          context.metrics?.increment('streams_records_misplaced_total', { processor: repartitionName });
          context.forward(record, 'misplaced');
        }
      },
    };

    function isPlaced(key: K): boolean {
      if (key === null || key === undefined) return true;
      const bytes = keySerde.serialize(key, repartitionName);
      if (isPromiseLike(bytes)) return false;
      return partitionForKey(bytes, context.partitionCount) === context.partition;
    }
  };
}
