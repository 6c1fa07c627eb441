import type { StreamsMetrics } from '../metrics.js';
import type { StreamRecord } from '../record.js';
import type { KeyValueStore } from '../stores/key-value-store.js';
import type { StoreSpec } from '../stores/store-spec.js';
import type { TtlStore } from '../stores/ttl-store.js';
import type { WindowStore } from '../stores/window-store.js';
import type { Windowed } from '../windows/windowed.js';

/** The key and value type of one named output of a processor. */
export interface Output<K, V> {
  readonly key: K;
  readonly value: V;
}

/** A processor's named outputs: each becomes its own typed `KStream` (see `KStream#process`). */
export type Outputs = Readonly<Record<string, Output<unknown, unknown>>>;

/** What a processor forwards: the runtime adds the coordinates of the input record it derives from. */
export interface ForwardedRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers?: StreamRecord<K, V>['headers'];
}

/**
 * When a scheduled punctuation fires (Kafka Streams' `PunctuationType`):
 * - `stream-time`: when the task's time passes the next multiple of the interval. The task's time is
 *   its stream time (the highest event time it has seen), carried forward by the wall clock while no
 *   record advances it, so that a partition that receives nothing still sees time pass. (Kafka
 *   Streams' stream time stands still on an idle partition; silence detection needs it to move.)
 * - `wall-clock-time`: when the runtime's injected wall clock passes the next multiple of the interval.
 * The runtime checks schedules every `punctuateIntervalMs`: a shorter interval fires at most once per check.
 */
export type PunctuationType = 'stream-time' | 'wall-clock-time';

export interface Cancellable {
  cancel(): void;
}

/**
 * What a processor may use from its task (Kafka Streams' `api.ProcessorContext`): the stores
 * connected to it by name, `forward` to one of its named outputs, punctuation, and time. No I/O.
 */
export interface ProcessorContext<O extends Outputs> {
  readonly taskId: string;
  readonly partition: number;
  /** How many partitions the task's inputs have (its sub-topology's number of tasks). */
  readonly partitionCount: number;
  /** A key-value store connected to this processor (`KStream#process` options `stores`). */
  getStateStore<K, V>(store: StoreSpec<K, V> | string): KeyValueStore<K, V>;
  /** A TTL store connected to this processor. */
  getTtlStore<K, V>(store: StoreSpec<K, V> | string): TtlStore<K, V>;
  /** A window store connected to this processor (see `windowStore`). */
  getWindowStore<K, V>(store: StoreSpec<Windowed<K>, V> | string): WindowStore<K, V>;
  /**
   * Sends a record to the processors and sinks of output `child`, depth first, before `forward`
   * returns (as in Kafka Streams). Works from `process` and from punctuators.
   */
  forward<P extends keyof O & string>(record: ForwardedRecord<O[P]['key'], O[P]['value']>, child: P): void;
  /** Calls `punctuator` every `intervalMs` of the given time (see {@link PunctuationType}), with that time. */
  schedule(intervalMs: number, type: PunctuationType, punctuator: (timestamp: number) => void): Cancellable;
  /** The task's stream time: the highest event time it has seen (including the current record). */
  streamTime(): number;
  /** The runtime's injected wall clock (epoch ms). */
  currentWallClockTime(): number;
  readonly metrics?: StreamsMetrics;
}

/**
 * A record-at-a-time processor (Kafka Streams' `api.Processor`). `init` receives the context once per
 * task; `process` is called for every record, in partition order, synchronously: state belongs in
 * the connected stores (changelogged, restored after a failure), never in fields that outlive a record,
 * except what `init` derives from the context. A throw fails the record (dead-letter or stop, per policy)
 * and undoes its store writes.
 */
export interface Processor<KIn, VIn, O extends Outputs> {
  init?(context: ProcessorContext<O>): void;
  process(record: StreamRecord<KIn, VIn>): void;
  close?(): void;
}

/** Makes a new processor for each task (Kafka Streams' `ProcessorSupplier#get`). */
export type ProcessorSupplier<KIn, VIn, O extends Outputs> = () => Processor<KIn, VIn, O>;
