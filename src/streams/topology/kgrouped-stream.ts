import { windowedAggregate } from '../operators/windowed-aggregate.js';
import type { StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import { windowStore } from '../stores/store-builders.js';
import type { TimeWindows } from '../windows/time-windows.js';
import type { Windowed } from '../windows/windowed.js';
import type { KStream } from './kstream.js';
import { KTable } from './ktable.js';

/** Where a windowed aggregation keeps its windows: the window store's name, serdes and retention. */
export interface WindowedMaterialized<K, VR> {
  /** The window store's name (changelog `<applicationId>-<name>-changelog`). */
  readonly name: string;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<VR>;
  /** How long windows are kept after their start; default and minimum: the windows' size plus grace. */
  readonly retentionMs?: number;
  readonly maxEntries?: number;
}

/**
 * A stream grouped by its current key (Kafka Streams' `KGroupedStream`), made by
 * `KStream#groupByKey()`. The stream must already be partitioned by that key: repartition first
 * after changing it. Window it with `windowedBy`.
 */
export class KGroupedStream<K, V> {
  readonly #stream: KStream<K, V>;

  constructor(stream: KStream<K, V>) {
    this.#stream = stream;
  }

  /** The grouped stream cut into time windows (Kafka Streams' `windowedBy(TimeWindows)`). */
  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V> {
    return new TimeWindowedKStream(this.#stream, windows);
  }
}

/**
 * A grouped stream over time windows (Kafka Streams' `TimeWindowedKStream`): aggregations keep one
 * result per key and window in a window store and return a table keyed by `Windowed<K>`.
 */
export class TimeWindowedKStream<K, V> {
  readonly #stream: KStream<K, V>;
  readonly #windows: TimeWindows;

  constructor(stream: KStream<K, V>, windows: TimeWindows) {
    this.#stream = stream;
    this.#windows = windows;
  }

  /**
   * Aggregates each key's records per window (see `windowedAggregate` for lateness and emission).
   * The table's store is a window store: read it with `ProcessorContext#getWindowStore`, or its
   * changes with `toStream()`. Unlike a key-value table it cannot be joined.
   *
   * @example
   * readings.groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(60_000, 5_000))
   *   .aggregate(() => 0, (_key, _reading, count) => count + 1, { name: 'counts-per-minute', keySerde: stringSerde, valueSerde: jsonSerde<number>() })
   */
  aggregate<VR>(
    initializer: () => VR,
    aggregator: (key: K, value: V, aggregate: VR, record: StreamRecord<K, V>) => VR,
    materialized: WindowedMaterialized<K, VR>,
  ): KTable<Windowed<K>, VR> {
    const store = windowStore(materialized.name, {
      keySerde: materialized.keySerde,
      valueSerde: materialized.valueSerde,
      windowSizeMs: this.#windows.sizeMs,
      retentionMs: Math.max(materialized.retentionMs ?? 0, this.#windows.minimumRetentionMs),
      ...(materialized.maxEntries === undefined ? {} : { maxEntries: materialized.maxEntries }),
    });
    const changes = this.#stream.pipe(windowedAggregate({ windows: this.#windows, store, initializer, aggregator, name: `${materialized.name}-aggregate` }));
    return new KTable<Windowed<K>, VR>(store, changes);
  }

  /** Counts each key's records per window (Kafka Streams' `count()`). */
  count(materialized: Omit<WindowedMaterialized<K, number>, 'valueSerde'> & { readonly valueSerde: Serde<number> }): KTable<Windowed<K>, number> {
    return this.aggregate(() => 0, (_key, _value, count) => count + 1, materialized);
  }
}
