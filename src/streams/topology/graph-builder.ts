import { TopologyError } from '../errors/index.js';
import { stepOperator, type StreamOperator } from '../operators/stream-operator.js';
import { recordTimestamp, type StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import type { StoreSpec } from '../stores/store-spec.js';
import { KStream, type Produced } from './kstream.js';
import { parentEdges, type SourceNode, type TopicRef, type TopologyNode } from './nodes.js';

type AnyOperator = StreamOperator<StreamRecord<unknown, unknown>, StreamRecord<unknown, unknown>>;

// The one place typed serdes and operators are erased to `unknown` for the graph.
const erase = <T>(serde: Serde<T>): Serde<unknown> => serde as unknown as Serde<unknown>;
const eraseOperator = (operator: StreamOperator<never, unknown>): AnyOperator => operator as unknown as AnyOperator;

/** Where a new node attaches: a node, and for a processor with named outputs, one of them. */
export interface Attachment {
  readonly node: number;
  readonly port?: string;
}

const portOf = (at: Attachment): { parentPort?: string } => (at.port === undefined ? {} : { parentPort: at.port });

/** Collects nodes as KStream/KTable methods are called; internal to the topology folder. */
export class GraphBuilder {
  readonly nodes: TopologyNode[] = [];
  readonly #names = new Set<string>();
  readonly #declaredStores: StoreSpec[] = [];

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

  /** A store connected to processors by name (`StreamsBuilder#addStateStore`). */
  addStateStore(spec: StoreSpec): void {
    this.#declaredStores.push(spec);
  }

  addProcessor(parent: Attachment, operator: StreamOperator<never, unknown>): number {
    const id = this.nodes.length;
    this.nodes.push({ kind: 'processor', id, name: this.#name(operator.kind, id, operator.name), parent: parent.node, ...portOf(parent), operator: eraseOperator(operator) });
    return id;
  }

  addSink<K, V>(parent: Attachment, topic: string | TopicRef, serdes: Produced<K, V>, table: boolean, topicOf?: (record: StreamRecord<K, V>) => string): number {
    const id = this.nodes.length;
    const ref: TopicRef = typeof topic === 'string' ? { kind: 'external', name: topic } : topic;
    this.nodes.push({
      kind: 'sink',
      id,
      name: this.#name(table ? 'table-sink' : 'sink', id, undefined),
      parent: parent.node,
      ...portOf(parent),
      topic: ref,
      keySerde: erase(serdes.key),
      valueSerde: erase(serdes.value),
      table,
      ...(topicOf === undefined ? {} : { topicOf: topicOf as (record: StreamRecord<unknown, unknown>) => string }),
    });
    return id;
  }

  /** One node that receives the records of every attachment (`KStream#merge`), in the order they arrive. */
  addMerge(inputs: readonly Attachment[], name: string | undefined): number {
    const [first, ...others] = inputs;
    if (first === undefined) throw new TopologyError('a merge needs at least one stream');
    const operator = stepOperator({ kind: 'merge', ...(name === undefined ? {} : { name }), stores: [], reads: [] }, () => (record) => [record]);
    const id = this.addProcessor(first, operator);
    const node = this.nodes[id];
    if (node?.kind === 'processor') this.nodes[id] = { ...node, mergedFrom: others.map((at) => ({ node: at.node, ...(at.port === undefined ? {} : { port: at.port }) })) };
    return id;
  }

  addBranches(parent: Attachment, predicates: Readonly<Record<string, (value: never, record: never) => boolean>>): Record<string, KStream<unknown, unknown>> {
    const entries = Object.entries(predicates);
    const firstMatch = (record: StreamRecord<unknown, unknown>): number =>
      entries.findIndex(([, predicate]) => (predicate as (value: unknown, record: unknown) => boolean)(record.value, record));
    const branches: Record<string, KStream<unknown, unknown>> = {};
    entries.forEach(([branchName], index) => {
      const operator: StreamOperator<StreamRecord<unknown, unknown>, StreamRecord<unknown, unknown>> = stepOperator(
        { kind: 'branch', name: `branch-${branchName}-${String(this.nodes.length).padStart(4, '0')}`, stores: [], reads: [] },
        () => (record) => (firstMatch(record) === index ? [record] : []),
      );
      branches[branchName] = new KStream(this, { node: this.addProcessor(parent, operator) });
    });
    return branches;
  }

  addRepartition<K, V>(parent: Attachment, name: string, serdes: Produced<K, V>): KStream<unknown, unknown> {
    const topic: TopicRef = { kind: 'repartition', name };
    this.addSink(parent, topic, serdes, false);
    const source = this.addSource({ topic, keySerde: erase(serdes.key), valueSerde: erase(serdes.value), timestamp: recordTimestamp });
    return new KStream(this, { node: source });
  }

  stores(): StoreSpec[] {
    const byName = new Map<string, StoreSpec>();
    const declare = (spec: StoreSpec): void => {
      if (byName.has(spec.name)) throw new TopologyError(`store ${spec.name} is declared twice`);
      byName.set(spec.name, spec);
    };
    this.#declaredStores.forEach(declare);
    for (const node of this.nodes) {
      const owned = node.kind === 'source' ? (node.table === undefined ? [] : [node.table]) : node.kind === 'processor' ? node.operator.stores : [];
      owned.forEach(declare);
    }
    for (const node of this.nodes) {
      if (node.kind !== 'processor') continue;
      for (const read of node.operator.reads) {
        if (!byName.has(read)) throw new TopologyError(`${node.name} reads store ${read}, which no table, operator or addStateStore declares`);
      }
    }
    for (const node of this.nodes) {
      for (const edge of parentEdges(node)) {
        if (edge.port === undefined) continue;
        const parent = this.nodes[edge.node];
        const outputs = parent?.kind === 'processor' ? parent.operator.outputs ?? [] : [];
        if (!outputs.includes(edge.port)) throw new TopologyError(`${node.name} reads output ${edge.port} of ${parent?.name ?? edge.node}, which has no such output`);
      }
    }
    return [...byName.values()];
  }
}
