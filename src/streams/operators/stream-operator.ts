import { concatMap, type OperatorFunction } from 'rxjs';
import type { StreamRecord } from '../record.js';
import type { StreamsMetrics } from '../metrics.js';
import type { KeyValueStore } from '../stores/key-value-store.js';
import type { StoreSpec } from '../stores/store-spec.js';
import type { TtlStore } from '../stores/ttl-store.js';
import type { WindowStore } from '../stores/window-store.js';
import type { Windowed } from '../windows/windowed.js';
import type { Cancellable, PunctuationType } from '../processor/processor.js';

/**
 * What a bound operator may use from its task: the task's stores and its stream time. Nothing else;
 * there is no clock (time comes from records), no I/O.
 */
export interface OperatorContext {
  readonly taskId: string;
  readonly partition: number;
  /** How many partitions the task's co-partitioned inputs have: its sub-topology's number of tasks. */
  readonly partitionCount: number;
  keyValueStore<K, V>(spec: StoreSpec<K, V> | string): KeyValueStore<K, V>;
  ttlStore<K, V>(spec: StoreSpec<K, V> | string): TtlStore<K, V>;
  windowStore<K, V>(spec: StoreSpec<Windowed<K>, V> | string): WindowStore<K, V>;
  /** The highest event time this task has seen (including the current record). */
  streamTime(): number;
  /** The runtime's wall clock (epoch ms), for wall-clock punctuation. */
  wallClockTime(): number;
  /** Registers a punctuation with the task (see `processor/processor.ts`). */
  schedule(intervalMs: number, type: PunctuationType, punctuator: (timestamp: number) => void): Cancellable;
  /** Reports a record dropped for being later than the operator's grace (counted, logged). */
  late(operator: string, record: StreamRecord<unknown, unknown>): void;
  /** The runtime's metrics, for an operator's own counters (e.g. dedup hits). */
  readonly metrics?: StreamsMetrics;
}

/**
 * A pipeline step: a description (kind, name, the stores it owns and reads) plus `bind`, which turns
 * it into a plain RxJS `OperatorFunction` for one task. The runtime runs each input record through
 * the bound functions synchronously; state must live in stores, never in closures.
 */
export interface StreamOperator<In, Out> {
  readonly kind: string;
  readonly name?: string;
  readonly stores: readonly StoreSpec[];
  readonly reads: readonly string[];
  bind(context: OperatorContext): OperatorFunction<In, Out>;
  /**
   * Optional: the same behaviour as `bind` as a plain function from one record to what it emits.
   * The runtime prefers it: running a record through `bind`'s RxJS chain subscribes a fresh chain
   * per record, which was a third of the stateful bench's per-record CPU and much of its garbage.
   * Operators made with {@link stepOperator} have both forms from one definition.
   */
  bindStep?(context: OperatorContext): RecordStep<In, Out>;
  /**
   * Optional punctuation (Kafka Streams `schedule`): the runtime calls the bound function on its
   * punctuation schedule with the task's time — its stream time, carried forward by the wall clock
   * for as long as no record has advanced it (so a partition that receives nothing still sees time
   * pass). Records it returns flow downstream like the operator's own; store writes are logged.
   */
  readonly punctuator?: {
    bind(context: OperatorContext): (time: number, origin: StreamRecord<unknown, unknown>) => Out[];
  };
  /** Named outputs (Processor API nodes): each record is forwarded to one of them (see `KStream#process`). */
  readonly outputs?: readonly string[];
  /**
   * Optional push form (the Processor API's): called once per task with the function that forwards a
   * record to the children of an output; returns what runs per record. The runtime prefers it to
   * `bindStep`, so that a processor's `forward` reaches its children depth first, without arrays.
   */
  bindProcessor?(context: OperatorContext, forward: (record: AnyRecord, output: string) => void): (record: In) => void;
}

export type AnyRecord = StreamRecord<unknown, unknown>;

/** One record in, the records it emits, in order (none drops it). Synchronous; throws to fail the record. */
export type RecordStep<In, Out> = (record: In) => readonly Out[];

/**
 * An operator defined once, as a step: the runtime calls the step directly, and `bind` (RxJS, what
 * marble tests and custom pipelines compose) is derived from the same step, so both run one code.
 *
 * @example stepOperator({ kind: 'filter', stores: [], reads: [] }, () => (record) => (record.value === null ? [] : [record]))
 */
export function stepOperator<In, Out>(
  description: Omit<StreamOperator<In, Out>, 'bind' | 'bindStep'>,
  bindStep: (context: OperatorContext) => RecordStep<In, Out>,
): StreamOperator<In, Out> {
  return {
    ...description,
    bindStep,
    bind(context) {
      const step = bindStep(context);
      return concatMap((record: In) => step(record));
    },
  };
}

/** Builds a record derived from `record` (same source coordinates and event time). */
export function derive<K, V>(record: StreamRecord<unknown, unknown>, key: K, value: V): StreamRecord<K, V> {
  return { ...record, key, value };
}
