import type { StreamRecord } from '../record.js';
import { jsonSerde, stringSerde } from '../serde.js';
import { DEFAULT_MAX_ENTRIES } from '../stores/store-spec.js';
import type { StoreSpec } from '../stores/store-spec.js';
import { stepOperator, type StreamOperator } from './stream-operator.js';

export interface DedupeOptions<K, V> {
  /** The TTL store remembering ids seen in the window (change-logged as `<app>-<store>-changelog`). */
  readonly store: string;
  /** The record's identity: records with the same id within `windowMs` of event time are duplicates. */
  readonly idOf: (value: V, record: StreamRecord<K, V>) => string;
  readonly windowMs: number;
  /** How far behind stream time a record may be and still be judged; later ones are dropped and counted. Default: `windowMs`. */
  readonly graceMs?: number;
  readonly maxEntries?: number;
  readonly name?: string;
}

/**
 * Emits the first record of each id per event-time window and drops the repeats: N gateways forward
 * the same sensor reading, one goes on. A record older than `streamTime - graceMs` is late: its id may
 * already have expired from the window, so judging it could emit a duplicate; it is dropped and
 * counted in `streams_records_late_total` (never silently).
 *
 * State: a TTL store keyed by id, entries expire `windowMs` after the first sighting (event time).
 *
 * @example readings.pipe(dedupe({ store: 'reading-dedup', idOf: (r) => `${r.sensorId}:${r.metric}:${r.measuredAt}`, windowMs: 30_000 }))
 */
export function dedupe<K, V>(options: DedupeOptions<K, V>): StreamOperator<StreamRecord<K, V>, StreamRecord<K, V>> {
  const spec: StoreSpec<string, number> = {
    name: options.store,
    kind: 'ttl',
    keySerde: stringSerde,
    valueSerde: jsonSerde<number>(),
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    ttlMs: options.windowMs,
  };
  const graceMs = options.graceMs ?? options.windowMs;
  const name = options.name ?? 'dedupe';
  return stepOperator({ kind: 'dedupe', ...(options.name === undefined ? {} : { name: options.name }), stores: [spec], reads: [] }, (context) => {
    const seen = context.ttlStore(spec);
    return (record) => {
      const now = context.streamTime();
      if (record.timestamp < now - graceMs) {
        context.late(name, record);
        return [];
      }
      seen.expire(now);
      const id = options.idOf(record.value, record);
      if (seen.get(id, now) !== undefined) return [];
      seen.put(id, record.timestamp, record.timestamp);
      return [record];
    };
  });
}
