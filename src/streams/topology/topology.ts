import { TopologyError } from '../errors/index.js';
import type { StoreSpec } from '../stores/store-spec.js';
import { describeTopology } from './describe.js';
import { parentEdges, type SinkNode, type SourceNode, type TopologyNode } from './nodes.js';

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

export interface ChildEdge {
  readonly child: TopologyNode;
  readonly port: string | undefined;
}

/** What a pipeline computes, independent of how it runs. */
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly subtopologies: readonly Subtopology[];
  readonly stores: readonly StoreSpec[];
  /** Children of a node, in the order they were added. */
  children(node: number): readonly TopologyNode[];
  /** The edges out of a node: each child with the parent's output it reads (undefined: the parent has no named outputs). */
  childEdges(node: number): readonly ChildEdge[];
  /** Human-readable description: sources, operators, stores, sinks, internal topics. */
  describe(applicationId?: string): string;
}

export function createTopology(nodes: readonly TopologyNode[], stores: readonly StoreSpec[]): Topology {
  if (!nodes.some((node) => node.kind === 'source')) throw new TopologyError('a topology needs at least one source');
  const edgesOf = new Map<number, ChildEdge[]>();
  for (const node of nodes) {
    for (const edge of parentEdges(node)) edgesOf.set(edge.node, [...(edgesOf.get(edge.node) ?? []), { child: node, port: edge.port }]);
  }
  const topology: Topology = {
    nodes,
    stores,
    subtopologies: split(nodes, stores),
    children: (node) => (edgesOf.get(node) ?? []).map((edge) => edge.child),
    childEdges: (node) => edgesOf.get(node) ?? [],
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
  // Every node that declares or uses a store joins the store's first user: one task holds it.
  const ownerOf = new Map<string, number>();
  const use = (store: string, node: number): void => {
    const owner = ownerOf.get(store);
    if (owner === undefined) ownerOf.set(store, node);
    else union(owner, node);
  };
  for (const node of nodes) {
    for (const edge of parentEdges(node)) union(node.id, edge.node);
    if (node.kind === 'source' && node.table !== undefined) use(node.table.name, node.id);
    if (node.kind === 'processor') for (const store of node.operator.stores) use(store.name, node.id);
  }
  for (const node of nodes) {
    if (node.kind !== 'processor') continue;
    for (const read of node.operator.reads) use(read, node.id);
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
