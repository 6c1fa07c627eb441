/**
 * The one rule for the runtime's internal topics, with their configs beside the names (Kafka Streams
 * naming, so operators recognise them):
 *
 * - `<applicationId>-<storeName>-changelog`: every write of a state store; `cleanup.policy=compact`
 *   so the latest value per key survives and tombstones delete. Same partition count as the task's
 *   inputs: store of task `<subtopology>_<p>` lives in changelog partition `p`.
 * - `<applicationId>-<name>-repartition`: records re-keyed by the pipeline, written with the default
 *   (murmur2) partitioner and read back by the downstream sub-topology. `cleanup.policy=delete`
 *   (records are read once; the runtime deletes them once committed past, see
 *   `kafka/repartition-purge.ts`, and the retention only bounds them should that stop).
 *
 * The consumer group id is the applicationId; the transactional id of a task is
 * `<applicationId>-<taskId>` (see `kafka/exactly-once-output.ts`); a task's store restore runs in a
 * throw-away group `<applicationId>-restore-<taskId>-<uuid>` (see `kafka/restore-stores.ts`). The
 * prefixes are exported so that an ACL can name them (`gluster-eventing acls`).
 */
export type InternalTopicKind = 'changelog' | 'repartition';

export interface InternalTopicSpec {
  readonly name: string;
  readonly kind: InternalTopicKind;
  readonly partitions: number;
  readonly configs: Readonly<Record<string, string>>;
}

export function changelogTopic(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}

export function repartitionTopic(applicationId: string, name: string): string {
  return `${applicationId}-${name}-repartition`;
}

/** Every task's transactional id starts with this: what a PREFIXED transactional-id ACL names. */
export function transactionalIdPrefix(applicationId: string): string {
  return `${applicationId}-`;
}

export function transactionalId(applicationId: string, taskId: string): string {
  return `${transactionalIdPrefix(applicationId)}${taskId}`;
}

/** Every restore consumer's group id starts with this: what a PREFIXED group ACL names. */
export function restoreGroupPrefix(applicationId: string): string {
  return `${applicationId}-restore-`;
}

export function restoreGroupId(applicationId: string, taskId: string, unique: string): string {
  return `${restoreGroupPrefix(applicationId)}${taskId}-${unique}`;
}

const CONFIGS: Readonly<Record<InternalTopicKind, Readonly<Record<string, string>>>> = {
  // A store value (e.g. one customer's whole order history) may outgrow the broker's 1 MiB default.
  changelog: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0', 'max.message.bytes': String(8 * 1024 * 1024) },
  repartition: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * 24 * 60 * 60 * 1000) },
};

export function internalTopicSpec(applicationId: string, kind: InternalTopicKind, name: string, partitions: number): InternalTopicSpec {
  const topic = kind === 'changelog' ? changelogTopic(applicationId, name) : repartitionTopic(applicationId, name);
  return { name: topic, kind, partitions, configs: CONFIGS[kind] };
}
