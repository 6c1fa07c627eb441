import { sameValue } from '../../same-value.js';
import type { KeyValueStore } from '../../stores/key-value-store.js';
import type { StoreSpec } from '../../stores/store-spec.js';
import type { Output, ProcessorContext, ProcessorSupplier } from '../processor.js';

/** What a table forwards: the key's new value, `null` when it was deleted. */
export type TableChanges<K, V> = { readonly changes: Output<K, V | null> };

/**
 * The processor behind `KStream#toTable(materialized)`: each record upserts its key in the table's
 * store (a `null` value deletes it) and is forwarded as the table's change only when the value
 * changed, compared as typed values (Kafka Streams' emit-on-change, KIP-557). A delete of a key
 * the table does not hold forwards nothing.
 */
export function materializeTable<K, V>(store: StoreSpec<K, V>): ProcessorSupplier<K, V | null, TableChanges<K, V>> {
  return () => {
    let context: ProcessorContext<TableChanges<K, V>>;
    let table: KeyValueStore<K, V>;
    return {
      init(given) {
        context = given;
        table = given.getStateStore(store);
      },
      process(record) {
        const previous = table.get(record.key);
        if (record.value === null) {
          if (previous === undefined) return;
          table.delete(record.key, record.timestamp);
        } else {
          if (previous !== undefined && sameValue(previous, record.value)) return;
          table.put(record.key, record.value, record.timestamp);
        }
        context.forward({ key: record.key, value: record.value, timestamp: record.timestamp }, 'changes');
      },
    };
  };
}
