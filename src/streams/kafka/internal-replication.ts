/** How the changelog and repartition topics the runtime creates are replicated. */
export interface InternalReplication {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

/**
 * The replication factor of internal topics when the application sets none: 3, or the cluster's
 * broker count if smaller. The broker's own default (often 1) would leave a task without its state
 * and inputs while one broker is down.
 *
 * @example defaultReplicationFactor(5) // 3
 */
export function defaultReplicationFactor(brokerCount: number): number {
  return Math.min(3, brokerCount);
}

/**
 * Internal topics of `replicationFactor` replicas with `min.insync.replicas` 2 where a replica can be
 * spared (1 with a single replica): a write survives one broker's loss, and one broker may be down.
 *
 * @example internalReplication(3) // { replicationFactor: 3, minInsyncReplicas: 2 }
 */
export function internalReplication(replicationFactor: number): InternalReplication {
  return { replicationFactor, minInsyncReplicas: Math.min(2, replicationFactor) };
}
