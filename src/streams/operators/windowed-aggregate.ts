import type { StreamRecord } from '../record.js';
import type { StoreSpec } from '../stores/store-spec.js';
import type { TimeWindows } from '../windows/time-windows.js';
import { windowed, type Windowed } from '../windows/windowed.js';
import { derive, stepOperator, type StreamOperator } from './stream-operator.js';

export interface WindowedAggregateOptions<K, V, A> {
  /** The windows each record is aggregated into. */
  readonly windows: TimeWindows;
  /** A window store (`windowStore`) whose size is the windows' and whose retention covers size + grace. */
  readonly store: StoreSpec<Windowed<K>, A>;
  readonly initializer: () => A;
  readonly aggregator: (key: K, value: V, aggregate: A, record: StreamRecord<K, V>) => A;
  readonly name?: string;
}

/**
 * Kafka Streams' `groupByKey().windowedBy(windows).aggregate(...)` as one operator: each record is
 * added to the aggregate of every window that contains its event time, kept in a window store, and
 * every updated window is emitted as a change of the windowed table (key `Windowed<K>`, emitted
 * eagerly, one record per window touched, oldest window first).
 *
 * Lateness: a window closes once the task's stream time reaches its end plus the grace; a record
 * whose windows are all closed is dropped and counted (`streams_records_late_total`), and a record
 * that still has open windows updates only those. Input must be partitioned by its key. A `null`
 * key or value is skipped, as Kafka Streams' aggregations skip them.
 *
 * @example readings.pipe(windowedAggregate({ windows: TimeWindows.ofSizeWithNoGrace(60_000), store, initializer: () => 0, aggregator: (_k, _v, n) => n + 1 }))
 */
export function windowedAggregate<K, V, A>(options: WindowedAggregateOptions<K, V, A>): StreamOperator<StreamRecord<K, V>, StreamRecord<Windowed<K>, A>> {
  const { windows, store } = options;
  const name = options.name ?? `${store.name}-aggregate`;
  if (store.kind !== 'window' || store.windowSizeMs !== windows.sizeMs) throw new RangeError(`windowed aggregate ${name}: store ${store.name} must be a window store of the windows' size ${windows.sizeMs} ms`);
  if ((store.retentionMs ?? 0) < windows.minimumRetentionMs) throw new RangeError(`windowed aggregate ${name}: store ${store.name} keeps windows ${store.retentionMs} ms, less than size + grace = ${windows.minimumRetentionMs} ms`);
  return stepOperator({ kind: 'windowed-aggregate', name, stores: [store as StoreSpec], reads: [] }, (context) => {
    const windowsStore = context.windowStore<K, A>(store);
    return (record) => {
      if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) return [];
      const closeTime = context.streamTime() - windows.graceMs;
      const open = windows.windowsFor(record.timestamp).filter((window) => window.end > closeTime);
      if (open.length === 0) {
        context.late(name, record);
        return [];
      }
      return open.map((window) => {
        const next = options.aggregator(record.key, record.value, windowsStore.fetch(record.key, window.start) ?? options.initializer(), record);
        windowsStore.put(record.key, next, window.start);
        return derive(record, windowed(record.key, window.start, windows.sizeMs), next);
      });
    };
  });
}
