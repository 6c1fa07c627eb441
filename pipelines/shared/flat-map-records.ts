import { derive, stepOperator, type StreamOperator, type StreamRecord } from '../../src/streams/index.js';

/**
 * Kafka Streams' `flatMap`: each record becomes zero or more records with their own keys (same event
 * time and source coordinates). Stateless, order kept. Re-keys: follow it with `.repartition(name)`.
 *
 * @example events.pipe(flatMapRecords((event) => signalsFromEvent(event).map((s) => ({ key: s.entity, value: s }))))
 */
export function flatMapRecords<K, V, K2, V2>(
  project: (value: V, record: StreamRecord<K, V>) => readonly { readonly key: K2; readonly value: V2 }[],
  options: { name?: string } = {},
): StreamOperator<StreamRecord<K, V>, StreamRecord<K2, V2>> {
  return stepOperator({ kind: 'flat-map', ...options, stores: [], reads: [] }, () => (record) =>
    project(record.value, record).map((output) => derive(record, output.key, output.value)),
  );
}
