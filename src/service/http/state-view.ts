import type { BrickState } from '../../../pipelines/node-storage/brick-state.js';
import type { DriveState } from '../../../pipelines/node-storage/drive-health.js';
import type { NodeStorageAggregate } from '../../../pipelines/node-storage/node-storage-aggregate.js';
import type { NodeAggregate } from '../../../pipelines/node-state/node-aggregate.js';
import type { NodeState } from '../../../pipelines/node-state/node-state.js';
import type { VolumeAggregate } from '../../../pipelines/volume-state/volume-aggregate.js';
import type { VolumeState } from '../../../pipelines/volume-state/volume-state.js';
import type { Alert } from '../../../pipelines/domain/index.js';
import type { KafkaStreams } from '../../streams/index.js';

/** The local read side of the streams instance: `KafkaStreams#queryStore`, or an in-memory fake. */
export type StoreReader = Pick<KafkaStreams, 'queryStore'>;
export type StoreQuery = ReturnType<KafkaStreams['queryStore']>;

/**
 * A list answered from local stores. `tasks` are the local tasks that answered; `partial` is true
 * when this instance does not own every partition of the stores read (other instances hold the
 * rest: ask each of them, or read the compacted topics, for the whole cluster).
 */
export interface LocalAnswer<T> {
  readonly items: readonly T[];
  readonly tasks: readonly string[];
  readonly partial: boolean;
}

/** The stores the Gluster pipelines keep their aggregates in (see `pipelines/*-processor.ts`). */
export const GLUSTER_STORES = Object.freeze({ volumes: 'volume-aggregates', nodes: 'node-aggregates', storage: 'node-storage' });

const SEVERITY_ORDER: Readonly<Record<string, number>> = { CRITICAL: 0, WARNING: 1, INFO: 2 };

function read<A, T>(reader: StoreReader, stores: readonly string[], pick: (aggregate: A) => readonly T[]): LocalAnswer<T> {
  const queries = stores.map((store) => reader.queryStore(store));
  return {
    items: queries.flatMap((query) => query.entries.flatMap(([, value]) => pick(value as A))),
    tasks: [...new Set(queries.flatMap((query) => query.tasks))].sort(),
    partial: queries.some((query) => query.partial),
  };
}

const sorted = <T>(answer: LocalAnswer<T>, compare: (left: T, right: T) => number): LocalAnswer<T> => ({ ...answer, items: [...answer.items].sort(compare) });

/** Published volume states (`emitted.state` of each volume aggregate), by name. */
export function listVolumes(reader: StoreReader): LocalAnswer<VolumeState> {
  const answer = read<VolumeAggregate, VolumeState>(reader, [GLUSTER_STORES.volumes], (aggregate) => (aggregate.emitted === null ? [] : [aggregate.emitted.state]));
  return sorted(answer, (left, right) => left.name.localeCompare(right.name));
}

/** Published brick states, by volume then brick name. */
export function listBricks(reader: StoreReader): LocalAnswer<BrickState> {
  const answer = read<NodeStorageAggregate, BrickState>(reader, [GLUSTER_STORES.storage], (aggregate) => Object.values(aggregate.emittedBricks));
  return sorted(answer, (left, right) => (left.volume ?? '').localeCompare(right.volume ?? '') || left.name.localeCompare(right.name));
}

/** Published drive states, by node then drive path. */
export function listDrives(reader: StoreReader): LocalAnswer<DriveState> {
  const answer = read<NodeStorageAggregate, DriveState>(reader, [GLUSTER_STORES.storage], (aggregate) => Object.values(aggregate.emittedDrives));
  return sorted(answer, (left, right) => left.nodeId.localeCompare(right.nodeId) || left.drivePath.localeCompare(right.drivePath));
}

/** Published node states, by node id. */
export function listNodes(reader: StoreReader): LocalAnswer<NodeState> {
  const answer = read<NodeAggregate, NodeState>(reader, [GLUSTER_STORES.nodes], (aggregate) => (aggregate.emitted === null ? [] : [aggregate.emitted]));
  return sorted(answer, (left, right) => left.nodeId.localeCompare(right.nodeId));
}

/**
 * Open (RAISED) alerts of every pipeline, most severe first, then newest first. Resolved alerts are
 * not kept in state: their history is the alerts topic.
 */
export function listOpenAlerts(reader: StoreReader): LocalAnswer<Alert> {
  const stores = [GLUSTER_STORES.volumes, GLUSTER_STORES.nodes, GLUSTER_STORES.storage];
  const answer = read<{ openAlerts?: Readonly<Record<string, Alert>> }, Alert>(reader, stores, (aggregate) => Object.values(aggregate.openAlerts ?? {}));
  return sorted(answer, (left, right) => (SEVERITY_ORDER[left.severity] ?? 9) - (SEVERITY_ORDER[right.severity] ?? 9) || right.raisedAt - left.raisedAt);
}
