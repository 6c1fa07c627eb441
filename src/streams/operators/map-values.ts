import type { StreamRecord } from '../record.js';
import { derive, stepOperator, type StreamOperator } from './stream-operator.js';

/**
 * Replaces each record's value, keeping its key (so no repartition is ever needed after it).
 * Stateless, one output per input, order kept.
 *
 * @example stream.pipe(mapValues((change) => change.value))
 */
export function mapValues<K, V, R>(
  project: (value: V, record: StreamRecord<K, V>) => R,
  options: { name?: string } = {},
): StreamOperator<StreamRecord<K, V>, StreamRecord<K, R>> {
  return stepOperator({ kind: 'mapValues', ...options, stores: [], reads: [] }, () => (record) => [derive(record, record.key, project(record.value, record))]);
}
