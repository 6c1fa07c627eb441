import { concatMap } from 'rxjs';
import { TopologyError } from '../errors/index.js';
import type { AnyRecord, OperatorContext, StreamOperator } from '../operators/stream-operator.js';
import type { StreamRecord } from '../record.js';
import type { StoreSpec } from '../stores/store-spec.js';
import type { Outputs, ProcessorContext, ProcessorSupplier } from './processor.js';

export interface ProcessOptions<O extends Outputs> {
  /** The processor's node name (unique in the topology; shown by `describe()`). */
  readonly name: string;
  /** Names of the stores it uses, declared on the builder (`addStateStore`) or by a table or operator. */
  readonly stores?: readonly string[];
  /** Its named outputs, in order: `KStream#process` returns a stream per name. */
  readonly outputs: readonly (keyof O & string)[];
  /**
   * Stores the processor brings with it (Kafka Streams' `ConnectedStoreProvider#stores`): declared
   * by the processor and connected to it, no `addStateStore` needed. For stores that are part of an
   * operator's own workings (a join's subscriptions), not shared state of the pipeline.
   */
  readonly connectedStores?: readonly StoreSpec[];
}

/**
 * The graph node behind `KStream#process`: a {@link ProcessorSupplier} bound once per task. Also
 * usable as a plain operator (`bind`/`bindStep`), where the records of every output come out as one
 * stream, in forwarding order.
 */
export function processOperator<KIn, VIn, O extends Outputs>(
  supplier: ProcessorSupplier<KIn, VIn, O>,
  options: ProcessOptions<O>,
): StreamOperator<StreamRecord<KIn, VIn>, AnyRecord> {
  const owned = options.connectedStores ?? [];
  const connected = new Set([...(options.stores ?? []), ...owned.map((store) => store.name)]);
  const outputs = new Set<string>(options.outputs);
  if (outputs.size === 0) throw new TopologyError(`processor ${options.name} declares no outputs`);
  if (outputs.size !== options.outputs.length) throw new TopologyError(`processor ${options.name} names an output twice`);

  const bindProcessor = (context: OperatorContext, forward: (record: AnyRecord, output: string) => void) => {
    const storeName = (store: StoreSpec | string): string => {
      const name = typeof store === 'string' ? store : store.name;
      if (!connected.has(name)) throw new TopologyError(`store ${name} is not connected to processor ${options.name}`);
      return name;
    };
    const origin = (timestamp: number): AnyRecord => ({ key: null, value: null, topic: '(punctuation)', partition: context.partition, offset: '-1', headers: {}, timestamp });
    // The input being processed, or the punctuation's origin: what forwarded records derive from.
    let current = origin(Number.NEGATIVE_INFINITY);
    const processorContext: ProcessorContext<O> = {
      taskId: context.taskId,
      partition: context.partition,
      partitionCount: context.partitionCount,
      getStateStore: (store) => context.keyValueStore(storeName(store)),
      getTtlStore: (store) => context.ttlStore(storeName(store)),
      getWindowStore: (store) => context.windowStore(storeName(store)),
      forward(record, child) {
        if (!outputs.has(child)) throw new TopologyError(`processor ${options.name} has no output ${child}`);
        forward({ ...current, key: record.key, value: record.value, timestamp: record.timestamp, headers: record.headers ?? current.headers }, child);
      },
      schedule: (intervalMs, type, punctuator) =>
        context.schedule(intervalMs, type, (timestamp) => {
          current = origin(timestamp);
          punctuator(timestamp);
        }),
      streamTime: () => context.streamTime(),
      currentWallClockTime: () => context.wallClockTime(),
      ...(context.metrics === undefined ? {} : { metrics: context.metrics }),
    };
    const processor = supplier();
    processor.init?.(processorContext);
    return (record: StreamRecord<KIn, VIn>): void => {
      current = record;
      processor.process(record);
    };
  };

  const bindStep = (context: OperatorContext) => {
    let emitted: AnyRecord[] = [];
    const run = bindProcessor(context, (record) => void emitted.push(record));
    return (record: StreamRecord<KIn, VIn>): AnyRecord[] => {
      emitted = [];
      run(record);
      return emitted;
    };
  };

  return {
    kind: 'process',
    name: options.name,
    stores: owned,
    reads: [...connected],
    outputs: options.outputs,
    bindProcessor,
    bindStep,
    bind: (context) => {
      const step = bindStep(context);
      return concatMap((record: StreamRecord<KIn, VIn>) => step(record));
    },
  };
}
