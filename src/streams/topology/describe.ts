import { changelogTopic } from '../internal-topics.js';
import { resolveTopic, type TopologyNode } from './nodes.js';
import type { Topology } from './topology.js';

/** Kafka Streams-style text: one block per sub-topology, then stores and internal topics. */
export function describeTopology(topology: Topology, applicationId: string): string {
  const lines = [`Topology (application ${applicationId})`];
  const arrow = (node: TopologyNode): string => {
    const next = topology.children(node.id).map((child) => child.name);
    return next.length === 0 ? '' : ` --> ${next.join(', ')}`;
  };
  for (const sub of topology.subtopologies) {
    lines.push(`  Sub-topology ${sub.id}`);
    for (const node of sub.nodes) {
      if (node.kind === 'source') {
        const table = node.table === undefined ? '' : ` (table, store: ${node.table.name})`;
        lines.push(`    Source: ${node.name} (topic: ${resolveTopic(applicationId, node.topic)})${table}${arrow(node)}`);
      } else if (node.kind === 'processor') {
        const stores = [...new Set([...node.operator.stores.map((store) => store.name), ...node.operator.reads])];
        lines.push(`    Processor: ${node.name} (${node.operator.kind}${stores.length === 0 ? '' : `, stores: ${stores.join(', ')}`})${arrow(node)}`);
      } else {
        lines.push(`    Sink: ${node.name} (topic: ${resolveTopic(applicationId, node.topic)}${node.table ? ', table: tombstones on null' : ''})`);
      }
    }
  }
  lines.push('  Stores:');
  for (const store of topology.stores) {
    const bound = `max ${store.maxEntries}${store.ttlMs === undefined ? '' : `, ttl ${store.ttlMs} ms`}`;
    lines.push(`    ${store.name} (${store.kind}, ${bound}, changelog: ${changelogTopic(applicationId, store.name)})`);
  }
  lines.push('  Internal topics:');
  for (const store of topology.stores) lines.push(`    ${changelogTopic(applicationId, store.name)} (cleanup.policy=compact)`);
  for (const node of topology.nodes) {
    if (node.kind === 'sink' && node.topic.kind === 'repartition') lines.push(`    ${resolveTopic(applicationId, node.topic)} (cleanup.policy=delete)`);
  }
  return lines.join('\n');
}
