import type { OperatorContext, StreamOperator, StreamRecord, StoreSpec } from '../../src/streams/index.js';
import { stepOperator, stringSerde } from '../../src/streams/index.js';
import { taggedJsonSerde } from '../internal-serde.js';

/**
 * Kafka Streams' `process()` for this project's pipelines: one state per key in a change-logged
 * store, a pure step function that returns the new state (`null` deletes it, `undefined` keeps it)
 * and any number of output records, each with its own key. Several processors may share one store
 * (`shareStoreOf`), which puts them in the same sub-topology: that is how two co-partitioned inputs
 * feed one state (the brick ↔ drive join).
 *
 * An optional punctuator runs on the runtime's schedule with the task's time and may update any
 * state in the store and emit records (event-time conditions such as silence need it).
 */
export interface KeyedStep<S, O> {
  readonly state: S | null | undefined;
  readonly outputs: readonly KeyedOutput<O>[];
}

export interface KeyedOutput<O> {
  readonly key: string;
  readonly value: O;
}

export interface KeyedProcessorOptions<V, S, O> {
  readonly name: string;
  readonly store: string;
  readonly maxEntries?: number;
  /** Another processor declares the store; this one only uses it (same sub-topology). */
  readonly shareStoreOf?: boolean;
  readonly step: (state: S | undefined, value: V, record: StreamRecord<string, V>, context: OperatorContext) => KeyedStep<S, O>;
  readonly punctuate?: (state: S, key: string, time: number) => KeyedStep<S, O>;
}

export function keyedStoreSpec<S>(name: string, maxEntries = 1_000_000): StoreSpec<string, S> {
  return { name, kind: 'key-value', keySerde: stringSerde, valueSerde: taggedJsonSerde<S>(), maxEntries };
}

export function keyedProcessor<V, S, O>(options: KeyedProcessorOptions<V, S, O>): StreamOperator<StreamRecord<string, V>, StreamRecord<string, O>> {
  const spec = keyedStoreSpec<S>(options.store, options.maxEntries);
  const shared = options.shareStoreOf === true;
  const punctuate = options.punctuate;
  const description = {
    kind: 'process',
    name: options.name,
    stores: shared ? [] : [spec as StoreSpec],
    reads: shared ? [options.store] : [],
    ...(punctuate === undefined
      ? {}
      : {
          punctuator: {
            bind(context: OperatorContext) {
              const store = context.keyValueStore(spec);
              return (time: number, origin: StreamRecord<unknown, unknown>): StreamRecord<string, O>[] => {
                const emitted: StreamRecord<string, O>[] = [];
                for (const [key, state] of [...store.entries()]) {
                  const step = punctuate(state, key, time);
                  if (step.state === null) store.delete(key, time);
                  // Most ticks change nothing: writing unchanged state would flood the changelog.
                  else if (step.state !== undefined && (step.outputs.length > 0 || JSON.stringify(step.state) !== JSON.stringify(state))) store.put(key, step.state, time);
                  for (const output of step.outputs) emitted.push({ ...origin, key: output.key, value: output.value, timestamp: time });
                }
                return emitted;
              };
            },
          },
        }),
  };
  return stepOperator<StreamRecord<string, V>, StreamRecord<string, O>>(description, (context) => {
    const store = context.keyValueStore(spec);
    return (record) => {
      const step = options.step(store.get(record.key), record.value, record, context);
      if (step.state === null) store.delete(record.key, record.timestamp);
      else if (step.state !== undefined) store.put(record.key, step.state, record.timestamp);
      if (step.outputs.length === 0) context.metrics?.increment('streams_dedup_hits_total', { processor: options.name });
      return step.outputs.map((output) => ({ ...record, key: output.key, value: output.value }));
    };
  });
}
