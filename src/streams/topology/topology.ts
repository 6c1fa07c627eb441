import { TopologyError } from '../errors/index.js';
import type { StoreSpec } from '../stores/store-spec.js';
import { describeTopology } from './describe.js';
import type { SinkNode, SourceNode, TopologyNode } from './nodes.js';

/**
 * A connected part of the graph: the unit of parallelism. Its sources are co-partitioned; task
 * `<id>_<p>` runs it for partition `p` of every source topic, with its own instance of each store.
 * Repartition topics cut the graph into sub-topologies, as in Kafka Streams.
 */
export interface Subtopology {
  readonly id: number;
  readonly nodes: readonly TopologyNode[];
  readonly sources: readonly SourceNode[];
  readonly sinks: readonly SinkNode[];
  readonly stores: readonly StoreSpec[];
}

/** What a pipeline computes, independent of how it runs. */
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly subtopologies: readonly Subtopology[];
  readonly stores: readonly StoreSpec[];
  /** Children of a node, in the order they were added. */
  children(node: number): readonly TopologyNode[];
  /** Human-readable description: sources, operators, stores, sinks, internal topics. */
  describe(applicationId?: string): string;
}

export function createTopology(nodes: readonly TopologyNode[], stores: readonly StoreSpec[]): Topology {
  if (!nodes.some((node) => node.kind === 'source')) throw new TopologyError('a topology needs at least one source');
  const childrenOf = new Map<number, TopologyNode[]>();
  for (const node of nodes) {
    if (node.kind === 'source') continue;
    childrenOf.set(node.parent, [...(childrenOf.get(node.parent) ?? []), node]);
  }
  const topology: Topology = {
    nodes,
    stores,
    subtopologies: split(nodes, stores),
    children: (node) => childrenOf.get(node) ?? [],
    describe: (applicationId = '<applicationId>') => describeTopology(topology, applicationId),
  };
  return topology;
}

function split(nodes: readonly TopologyNode[], stores: readonly StoreSpec[]): Subtopology[] {
  const root = nodes.map((_, index) => index);
  const find = (id: number): number => {
    let current = id;
    while (root[current] !== current) current = root[current] ?? current;
    return current;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) root[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const ownerOf = new Map<string, number>();
  for (const node of nodes) {
    if (node.kind !== 'source') union(node.id, node.parent);
    if (node.kind === 'source' && node.table !== undefined) ownerOf.set(node.table.name, node.id);
    if (node.kind === 'processor') for (const store of node.operator.stores) ownerOf.set(store.name, node.id);
  }
  for (const node of nodes) {
    if (node.kind !== 'processor') continue;
    for (const read of node.operator.reads) union(node.id, ownerOf.get(read) ?? node.id);
  }
  const groups = new Map<number, TopologyNode[]>();
  for (const node of nodes) groups.set(find(node.id), [...(groups.get(find(node.id)) ?? []), node]);
  return [...groups.values()].map((members, id) => {
    const names = new Set(members.map((node) => node.id));
    return {
      id,
      nodes: members,
      sources: members.filter((node): node is SourceNode => node.kind === 'source'),
      sinks: members.filter((node): node is SinkNode => node.kind === 'sink'),
      stores: stores.filter((store) => names.has(ownerOf.get(store.name) ?? -1)),
    };
  });
}
