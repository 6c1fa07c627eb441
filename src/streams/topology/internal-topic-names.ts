import { changelogTopic, type InternalTopicKind } from '../internal-topics.js';
import { resolveTopic } from './nodes.js';
import type { Topology } from './topology.js';

/** One internal topic of a topology: its full name, its kind, and the store or repartition it serves. */
export interface InternalTopicName {
  readonly name: string;
  readonly kind: InternalTopicKind;
  /** The store (changelog) or the repartition's own name, as the pipeline wrote it. */
  readonly of: string;
}

/**
 * Every internal topic a topology needs under `applicationId`, without asking a cluster: one
 * changelog per store, then one topic per repartition sink, in declaration order. The partition
 * counts come from the cluster (`kafka/internal-topic-setup.ts`); the names, which ACLs and docs
 * need, do not.
 *
 * @example internalTopicNames(topology, 'orders').map((topic) => topic.name) // ['orders-totals-changelog', 'orders-by-customer-repartition']
 */
export function internalTopicNames(topology: Topology, applicationId: string): readonly InternalTopicName[] {
  const changelogs = topology.stores.map((store): InternalTopicName => ({ name: changelogTopic(applicationId, store.name), kind: 'changelog', of: store.name }));
  const repartitions = topology.nodes.flatMap((node): InternalTopicName[] =>
    node.kind === 'sink' && node.topic.kind === 'repartition' ? [{ name: resolveTopic(applicationId, node.topic), kind: 'repartition', of: node.topic.name }] : [],
  );
  return [...changelogs, ...repartitions];
}
