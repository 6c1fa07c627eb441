import { sameValue, TopologyError, type KeyValueStore, type Outputs, type Processor, type ProcessorContext, type ProcessorSupplier, type StreamRecord } from '../../src/streams/index.js';

/** One record to forward: to which output, with what key and value (typed by the output). */
export type Forward<O extends Outputs> = { [P in keyof O & string]: { readonly to: P; readonly key: O[P]['key']; readonly value: O[P]['value'] } }[keyof O & string];

/**
 * What one step decided: the entity's new state (`null` deletes it, `undefined` keeps it), what to
 * forward, and the entries of the logic's parts store to write (`null` deletes), by key.
 */
export interface EntityStep<S, O extends Outputs, P = never> {
  readonly state: S | null | undefined;
  readonly forward: readonly Forward<O>[];
  readonly parts?: ReadonlyMap<string, P | null>;
}

/** Read access to the logic's parts store. */
export interface EntityParts<P> {
  get(key: string): P | undefined;
}

/**
 * A pipeline's state machine for one kind of entity (a volume, a node, a brick), kept per key in one
 * key-value store connected to the processor: `apply` folds a record into the entity's state,
 * `tick` re-evaluates every entity as time passes (grace periods, silence).
 */
export interface EntityLogic<V, S, O extends Outputs, P = never> {
  /** The processor's name (its node in the topology, the `processor` label of its metrics). */
  readonly name: string;
  readonly store: string;
  /**
   * A second store for the parts of an entity that grow with the cluster (each node's report of a
   * volume), one small entry per part: a record then rewrites its part and the entity, never every
   * part. The tick iterates the entities of `store` only.
   */
  readonly partsStore?: string;
  /** The entity a record is about, its store key (default: the record's key). Records of one entity must share a partition. */
  keyOf?(record: StreamRecord<string, V>): string;
  apply(state: S | undefined, record: StreamRecord<string, V>, streamTime: number, parts: EntityParts<P>): EntityStep<S, O, P>;
  readonly tick?: {
    readonly intervalMs: number;
    run(state: S, key: string, time: number): EntityStep<S, O, P>;
  };
}

/**
 * A {@link Processor} (the runtime's Processor API) that runs an {@link EntityLogic}: it writes a
 * state only when it changed (compared as typed values, see `sameValue`), and schedules `tick` on
 * stream time. The logic stays a pure function, unit-tested without the runtime.
 */
export function entityProcessor<V, S, O extends Outputs, P = never>(logic: EntityLogic<V, S, O, P>): ProcessorSupplier<string, V, O> {
  return () => {
    let context: ProcessorContext<O>;
    // Looked up once, in init: `getStateStore` checks the connection, which is no work for every record.
    let store: KeyValueStore<string, S>;
    let parts: KeyValueStore<string, P> | undefined;
    const noParts: EntityParts<P> = { get: () => undefined };
    const settle = (key: string, previous: S | undefined, step: EntityStep<S, O, P>, timestamp: number): void => {
      for (const [partKey, part] of step.parts ?? []) {
        if (parts === undefined) throw new TopologyError(`processor ${logic.name} wrote a part, but its logic names no partsStore`);
        if (part === null) parts.delete(partKey, timestamp);
        else parts.put(partKey, part, timestamp);
      }
      if (step.state === null) {
        if (previous !== undefined) store.delete(key, timestamp);
      } else if (step.state !== undefined && (previous === undefined || !sameValue(previous, step.state))) {
        store.put(key, step.state, timestamp);
      }
      for (const { to, key: outKey, value } of step.forward) context.forward({ key: outKey, value, timestamp }, to);
    };
    const processor: Processor<string, V, O> = {
      init(given) {
        context = given;
        store = given.getStateStore<string, S>(logic.store);
        if (logic.partsStore !== undefined) parts = given.getStateStore<string, P>(logic.partsStore);
        const tick = logic.tick;
        if (tick === undefined) return;
        context.schedule(tick.intervalMs, 'stream-time', (time) => {
          for (const [key, state] of [...store.entries()]) settle(key, state, tick.run(state, key, time), time);
        });
      },
      process(record) {
        const key = logic.keyOf?.(record) ?? record.key;
        const previous = store.get(key);
        const step = logic.apply(previous, record, context.streamTime(), parts ?? noParts);
        if (step.forward.length === 0) context.metrics?.increment('streams_dedup_hits_total', { processor: logic.name });
        settle(key, previous, step, record.timestamp);
      },
    };
    return processor;
  };
}
