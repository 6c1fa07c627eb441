/**
 * Every topic gluster-eventing owns, with its configuration beside its name: the public contract for
 * downstream consumers. Names are `<prefix>.<role>.v<major>`; a breaking change of a topic's meaning
 * gets a new major version, never an edit in place.
 */
export type TopicRole = 'raw' | 'state' | 'alerts' | 'dead-letter';

export interface TopicSpec {
  readonly name: string;
  readonly role: TopicRole;
  readonly partitions: number;
  /** Topic-level configs, applied exactly; replication-dependent ones are added per cluster size. */
  readonly configs: Readonly<Record<string, string>>;
  readonly description: string;
}

export interface TopicNames {
  readonly raw: string;
  readonly volumes: string;
  readonly bricks: string;
  readonly drives: string;
  readonly nodes: string;
  readonly alerts: string;
  readonly deadLetter: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function topicNames(prefix: string): TopicNames {
  return {
    raw: `${prefix}.raw.v1`,
    volumes: `${prefix}.state.volumes.v1`,
    bricks: `${prefix}.state.bricks.v1`,
    drives: `${prefix}.state.drives.v1`,
    nodes: `${prefix}.state.nodes.v1`,
    alerts: `${prefix}.alerts.v1`,
    deadLetter: `${prefix}.dlq.v1`,
  };
}

const COMPACTED = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0', 'segment.ms': String(DAY_MS) } as const;

export function topicCatalog(prefix: string): readonly TopicSpec[] {
  const names = topicNames(prefix);
  const state = (name: string, entity: string): TopicSpec => ({
    name,
    role: 'state',
    partitions: 6,
    configs: COMPACTED,
    description: `latest state per ${entity}, tombstone when it disappears`,
  });
  return [
    {
      name: names.raw,
      role: 'raw',
      partitions: 6,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) },
      description: 'raw D-Bus property changes from every node (producers)',
    },
    state(names.volumes, 'volume'),
    state(names.bricks, 'brick'),
    state(names.drives, 'drive'),
    state(names.nodes, 'node'),
    {
      name: names.alerts,
      role: 'alerts',
      partitions: 3,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) },
      description: 'RAISED / RESOLVED alert records, keyed by alert id',
    },
    {
      name: names.deadLetter,
      role: 'dead-letter',
      partitions: 3,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) },
      description: 'records that could not be processed, original bytes plus headers naming the error',
    },
  ];
}

export interface Replication {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

/** Replication factor min(3, brokers) and min.insync.replicas min(2, brokers), as the contract says. */
export function replicationFor(brokerCount: number): Replication {
  return replicationWithFactor(Math.min(3, brokerCount));
}

/** A chosen replication factor with the contract's `min.insync.replicas`: 2 where a replica can be spared. */
export function replicationWithFactor(replicationFactor: number): Replication {
  return { replicationFactor, minInsyncReplicas: Math.min(2, replicationFactor) };
}
