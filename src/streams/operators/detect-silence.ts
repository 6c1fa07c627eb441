import type { StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import { DEFAULT_MAX_ENTRIES, type StoreSpec } from '../stores/store-spec.js';
import { derive, stepOperator, type StreamOperator } from './stream-operator.js';

/** What `detectSilence` emits: a key reported (again), or a key that stopped reporting. */
export type SilenceEvent<V> =
  | { readonly kind: 'seen'; readonly value: V; readonly resumed: boolean }
  | { readonly kind: 'silent'; readonly lastValue: V; readonly lastSeen: number };

export interface DetectSilenceOptions<K, V> {
  /** TTL store of the last report per key (`<app>-<store>-changelog`). */
  readonly store: string;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
  /** A key is silent once stream time passes its last report by this much. */
  readonly timeoutMs: number;
  readonly maxEntries?: number;
  readonly name?: string;
}

/**
 * Raises "silent" for keys that stopped reporting, in event time: on every record the task's stream
 * time advances, keys last seen `timeoutMs` or more before it are emitted once as `silent` (and
 * forgotten), then the record's own key is emitted as `seen` (`resumed: true` if it had gone silent
 * or is new). Like Kafka Streams stream-time punctuation, silence is only noticed when *some* record
 * reaches the task (partition); a fully idle partition raises nothing.
 *
 * @example nodes.pipe(detectSilence({ store: 'node-heartbeats', keySerde, valueSerde, timeoutMs: 90_000 }))
 */
export function detectSilence<K, V>(options: DetectSilenceOptions<K, V>): StreamOperator<StreamRecord<K, V>, StreamRecord<K, SilenceEvent<V>>> {
  const spec: StoreSpec<K, V> = {
    name: options.store,
    kind: 'ttl',
    keySerde: options.keySerde,
    valueSerde: options.valueSerde,
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    ttlMs: options.timeoutMs,
  };
  return stepOperator({ kind: 'detectSilence', ...(options.name === undefined ? {} : { name: options.name }), stores: [spec], reads: [] }, (context) => {
    const lastSeen = context.ttlStore(spec);
    return (record) => {
      const now = context.streamTime();
      const silent = lastSeen.expire(now).map((entry) =>
        derive<K, SilenceEvent<V>>(record, entry.key, { kind: 'silent', lastValue: entry.value, lastSeen: entry.timestamp }),
      );
      const resumed = lastSeen.get(record.key, now) === undefined;
      lastSeen.put(record.key, record.value, record.timestamp);
      return [...silent, derive<K, SilenceEvent<V>>(record, record.key, { kind: 'seen', value: record.value, resumed })];
    };
  });
}
