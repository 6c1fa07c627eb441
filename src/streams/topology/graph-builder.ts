import { TopologyError } from '../errors/index.js';
import { stepOperator, type StreamOperator } from '../operators/stream-operator.js';
import { recordTimestamp, type StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import type { StoreSpec } from '../stores/store-spec.js';
import { KStream, type Produced } from './kstream.js';
import type { SourceNode, TopicRef, TopologyNode } from './nodes.js';

type AnyOperator = StreamOperator<StreamRecord<unknown, unknown>, StreamRecord<unknown, unknown>>;

// The one place typed serdes and operators are erased to `unknown` for the graph.
const erase = <T>(serde: Serde<T>): Serde<unknown> => serde as unknown as Serde<unknown>;
const eraseOperator = (operator: StreamOperator<never, unknown>): AnyOperator => operator as unknown as AnyOperator;

/** Collects nodes as KStream/KTable methods are called; internal to the topology folder. */
export class GraphBuilder {
  readonly nodes: TopologyNode[] = [];
  readonly #names = new Set<string>();

  #name(kind: string, id: number, name: string | undefined): string {
    const unique = name ?? `${kind}-${String(id).padStart(4, '0')}`;
    if (this.#names.has(unique)) throw new TopologyError(`two nodes are named ${unique}`);
    this.#names.add(unique);
    return unique;
  }

  addSource(source: Omit<SourceNode, 'kind' | 'id' | 'name'>, name?: string): number {
    const id = this.nodes.length;
    this.nodes.push({ kind: 'source', id, name: this.#name(source.table === undefined ? 'source' : 'table-source', id, name), ...source });
    return id;
  }

  addProcessor(parent: number, operator: StreamOperator<never, unknown>): number {
    const id = this.nodes.length;
    this.nodes.push({ kind: 'processor', id, name: this.#name(operator.kind, id, operator.name), parent, operator: eraseOperator(operator) });
    return id;
  }

  addSink<K, V>(parent: number, topic: string | TopicRef, serdes: Produced<K, V>, table: boolean, topicOf?: (record: StreamRecord<K, V>) => string): number {
    const id = this.nodes.length;
    const ref: TopicRef = typeof topic === 'string' ? { kind: 'external', name: topic } : topic;
    this.nodes.push({
      kind: 'sink',
      id,
      name: this.#name(table ? 'table-sink' : 'sink', id, undefined),
      parent,
      topic: ref,
      keySerde: erase(serdes.key),
      valueSerde: erase(serdes.value),
      table,
      ...(topicOf === undefined ? {} : { topicOf: topicOf as (record: StreamRecord<unknown, unknown>) => string }),
    });
    return id;
  }

  addBranches(parent: number, predicates: Readonly<Record<string, (value: never, record: never) => boolean>>): Record<string, KStream<unknown, unknown>> {
    const entries = Object.entries(predicates);
    const firstMatch = (record: StreamRecord<unknown, unknown>): number =>
      entries.findIndex(([, predicate]) => (predicate as (value: unknown, record: unknown) => boolean)(record.value, record));
    const branches: Record<string, KStream<unknown, unknown>> = {};
    entries.forEach(([branchName], index) => {
      const operator: StreamOperator<StreamRecord<unknown, unknown>, StreamRecord<unknown, unknown>> = stepOperator(
        { kind: 'branch', name: `branch-${branchName}-${String(this.nodes.length).padStart(4, '0')}`, stores: [], reads: [] },
        () => (record) => (firstMatch(record) === index ? [record] : []),
      );
      branches[branchName] = new KStream(this, this.addProcessor(parent, operator));
    });
    return branches;
  }

  addRepartition<K, V>(parent: number, name: string, serdes: Produced<K, V>): KStream<unknown, unknown> {
    const topic: TopicRef = { kind: 'repartition', name };
    this.addSink(parent, topic, serdes, false);
    const source = this.addSource({ topic, keySerde: erase(serdes.key), valueSerde: erase(serdes.value), timestamp: recordTimestamp });
    return new KStream(this, source);
  }

  stores(): StoreSpec[] {
    const byName = new Map<string, StoreSpec>();
    for (const node of this.nodes) {
      const owned = node.kind === 'source' ? (node.table === undefined ? [] : [node.table]) : node.kind === 'processor' ? node.operator.stores : [];
      for (const spec of owned) {
        if (byName.has(spec.name)) throw new TopologyError(`store ${spec.name} is declared twice`);
        byName.set(spec.name, spec);
      }
    }
    for (const node of this.nodes) {
      if (node.kind !== 'processor') continue;
      for (const read of node.operator.reads) {
        if (!byName.has(read)) throw new TopologyError(`${node.name} reads store ${read}, which no table or operator declares`);
      }
    }
    return [...byName.values()];
  }
}
