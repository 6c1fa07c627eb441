import type { StreamRecord } from '../record.js';
import { stepOperator, type StreamOperator } from './stream-operator.js';

/**
 * Keeps the records for which `predicate` is true. Stateless, order kept.
 *
 * @example orders.pipe(filterRecords((order) => order.status === 'paid'))
 */
export function filterRecords<K, V>(
  predicate: (value: V, record: StreamRecord<K, V>) => boolean,
  options: { name?: string } = {},
): StreamOperator<StreamRecord<K, V>, StreamRecord<K, V>> {
  return stepOperator({ kind: 'filter', ...options, stores: [], reads: [] }, () => (record) => (predicate(record.value, record) ? [record] : []));
}
