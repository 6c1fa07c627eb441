import type { BrickEntry, DriveEntry } from '../../../pipelines/node-storage/storage-state.js';
import type { NodeAggregate } from '../../../pipelines/node-state/node-aggregate.js';
import type { VolumeAggregate } from '../../../pipelines/volume-state/volume-aggregate.js';
import { GLUSTER_STORE_NAMES } from '../../../pipelines/gluster-topology.js';
import type { Alert, BrickState, DriveState, NodeState, VolumeState } from '../../serde/index.js';
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

/** The stores the Gluster pipelines keep their aggregates in, as the topology publishes their names. */
export const GLUSTER_STORES = GLUSTER_STORE_NAMES;

const SEVERITY_ORDER: Readonly<Record<string, number>> = { CRITICAL: 0, WARNING: 1, INFO: 2 };

function read<A, T>(reader: StoreReader, stores: readonly string[], pick: (aggregate: A) => readonly T[]): LocalAnswer<T> {
  const queries = stores.map((store) => reader.queryStore(store));
  return {
    items: queries.flatMap((query) => query.entries.flatMap(([, value]) => pick(value as A))),
    tasks: [...new Set(queries.flatMap((query) => query.tasks))].sort(),
    partial: queries.some((query) => query.partial),
  };
}

/**
 * One list the query API serves: the stores it reads, how an item is picked from an aggregate, its
 * identity (to merge the answers of several instances) and its order.
 */
export interface ListQuery<T> {
  readonly stores: readonly string[];
  readonly key: (item: T) => string;
  readonly compare: (left: T, right: T) => number;
  readonly read: (reader: StoreReader) => LocalAnswer<T>;
}

function listQuery<A, T>(stores: readonly string[], pick: (aggregate: A) => readonly T[], key: (item: T) => string, compare: (left: T, right: T) => number): ListQuery<T> {
  return Object.freeze({ stores, key, compare, read: (reader: StoreReader) => {
    const answer = read<A, T>(reader, stores, pick);
    return { ...answer, items: [...answer.items].sort(compare) };
  } });
}

/**
 * The lists of `GET /volumes`, `/bricks`, `/drives`, `/nodes`, `/alerts`. Open alerts: RAISED
 * alerts of every pipeline, most severe first, then newest first (resolved alerts are not kept in
 * state: their history is the alerts topic).
 */
export const QUERY_LISTS = Object.freeze({
  volumes: listQuery<VolumeAggregate, VolumeState>([GLUSTER_STORES.volumes], (aggregate) => (aggregate.emitted === null ? [] : [aggregate.emitted.state]), (volume) => volume.name, (left, right) => left.name.localeCompare(right.name)),
  bricks: listQuery<BrickEntry, BrickState>([GLUSTER_STORES.bricks], (entry) => (entry.state === null ? [] : [entry.state]), (brick) => brick.name, (left, right) => (left.volume ?? '').localeCompare(right.volume ?? '') || left.name.localeCompare(right.name)),
  drives: listQuery<DriveEntry, DriveState>([GLUSTER_STORES.drives], (entry) => [entry.state], (drive) => `${drive.nodeId}|${drive.drivePath}`, (left, right) => left.nodeId.localeCompare(right.nodeId) || left.drivePath.localeCompare(right.drivePath)),
  nodes: listQuery<NodeAggregate, NodeState>([GLUSTER_STORES.nodes], (aggregate) => (aggregate.emitted === null ? [] : [aggregate.emitted]), (node) => node.nodeId, (left, right) => left.nodeId.localeCompare(right.nodeId)),
  alerts: listQuery<{ openAlerts?: Readonly<Record<string, Alert>> }, Alert>(
    [GLUSTER_STORES.volumes, GLUSTER_STORES.nodes, GLUSTER_STORES.drives, GLUSTER_STORES.bricks],
    (aggregate) => Object.values(aggregate.openAlerts ?? {}),
    (alert) => alert.alertId,
    (left, right) => (SEVERITY_ORDER[left.severity] ?? 9) - (SEVERITY_ORDER[right.severity] ?? 9) || right.raisedAt - left.raisedAt,
  ),
});

export type ListName = keyof typeof QUERY_LISTS;
/** The item type of list `K`. */
export type ListItem<K extends ListName> = (typeof QUERY_LISTS)[K] extends ListQuery<infer T> ? T : never;

/** Published volume states (`emitted.state` of each volume aggregate), by name. */
export const listVolumes = (reader: StoreReader): LocalAnswer<VolumeState> => QUERY_LISTS.volumes.read(reader);
/** Published brick states, by volume then brick name. */
export const listBricks = (reader: StoreReader): LocalAnswer<BrickState> => QUERY_LISTS.bricks.read(reader);
/** Published drive states, by node then drive path. */
export const listDrives = (reader: StoreReader): LocalAnswer<DriveState> => QUERY_LISTS.drives.read(reader);
/** Published node states, by node id. */
export const listNodes = (reader: StoreReader): LocalAnswer<NodeState> => QUERY_LISTS.nodes.read(reader);
/** Open (RAISED) alerts of every pipeline, most severe first, then newest first. */
export const listOpenAlerts = (reader: StoreReader): LocalAnswer<Alert> => QUERY_LISTS.alerts.read(reader);
