import { changelogTopic } from '../internal-topics.js';
import { internalTopicNames } from './internal-topic-names.js';
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
  for (const topic of internalTopicNames(topology, applicationId)) lines.push(`    ${topic.name} (cleanup.policy=${topic.kind === 'changelog' ? 'compact' : 'delete'})`);
  return lines.join('\n');
}
