import type { StreamRecord } from '../record.js';
import type { StoreSpec } from '../stores/store-spec.js';
import { derive, stepOperator, type StreamOperator } from './stream-operator.js';

/** What a join needs from a table: its store (the table is materialised by its source in the same task). */
export interface JoinableTable<K, V> {
  readonly store: StoreSpec<K, V>;
}

/**
 * Stream-table join (Kafka Streams `KStream#join(KTable)`): each stream record is joined with the
 * table's current value for the same key at the time the record is processed. Inner join drops
 * records without a table value; `left: true` calls the joiner with `null` instead. Table updates do
 * not emit. Both sides must be co-partitioned (same key, same partition count): after re-keying a
 * stream, `.repartition(name)` it first.
 *
 * @example ordersByCustomer.pipe(joinTable(customers, (order, customer) => ({ ...order, customer })))
 */
export function joinTable<K, V, TV, R>(
  table: JoinableTable<K, TV>,
  joiner: (value: V, tableValue: TV | null, record: StreamRecord<K, V>) => R,
  options: { left?: boolean; name?: string } = {},
): StreamOperator<StreamRecord<K, V>, StreamRecord<K, R>> {
  const kind = options.left === true ? 'leftJoin' : 'join';
  return stepOperator({ kind, ...(options.name === undefined ? {} : { name: options.name }), stores: [], reads: [table.store.name] }, (context) => {
    const store = context.keyValueStore(table.store);
    return (record: StreamRecord<K, V>) => {
      const tableValue = store.get(record.key) ?? null;
      if (tableValue === null && options.left !== true) return [];
      return [derive(record, record.key, joiner(record.value, tableValue, record))];
    };
  });
}
