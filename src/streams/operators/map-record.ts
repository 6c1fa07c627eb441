import type { StreamRecord } from '../record.js';
import { derive, stepOperator, type StreamOperator } from './stream-operator.js';

/**
 * Replaces key and value. Changing the key breaks co-partitioning: follow it with
 * `.repartition(name)` before any stateful operator or join keyed by the new key.
 *
 * @example orders.pipe(mapRecord((r) => ({ key: r.value.customerId, value: r.value })))
 */
export function mapRecord<K, V, K2, V2>(
  project: (record: StreamRecord<K, V>) => { readonly key: K2; readonly value: V2 },
  options: { name?: string } = {},
): StreamOperator<StreamRecord<K, V>, StreamRecord<K2, V2>> {
  return stepOperator({ kind: 'map', ...options, stores: [], reads: [] }, () => (record) => {
    const { key, value } = project(record);
    return [derive(record, key, value)];
  });
}
