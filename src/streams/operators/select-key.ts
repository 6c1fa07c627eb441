import type { StreamRecord } from '../record.js';
import { derive, stepOperator, type StreamOperator } from './stream-operator.js';

/**
 * Sets a new key from the record, value unchanged. As with `mapRecord`, re-keying needs
 * `.repartition(name)` before stateful work on the new key.
 *
 * @example orders.pipe(selectKey((order) => order.customerId)).repartition('orders-by-customer')
 */
export function selectKey<K, V, K2>(
  keyOf: (value: V, record: StreamRecord<K, V>) => K2,
  options: { name?: string } = {},
): StreamOperator<StreamRecord<K, V>, StreamRecord<K2, V>> {
  return stepOperator({ kind: 'selectKey', ...options, stores: [], reads: [] }, () => (record) => [derive(record, keyOf(record.value, record), record.value)]);
}
