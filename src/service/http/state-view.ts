import { GLUSTER_QUERYABLE_STORES, type QueryableStore } from '../../../pipelines/queryable-stores.js';
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

/** The store names the query API reads, by what they hold (as the pipelines publish them). */
export const GLUSTER_STORES = Object.freeze({
  volumes: GLUSTER_QUERYABLE_STORES.volumes.name,
  nodes: GLUSTER_QUERYABLE_STORES.nodes.name,
  drives: GLUSTER_QUERYABLE_STORES.drives.name,
  bricks: GLUSTER_QUERYABLE_STORES.bricks.name,
});

const SEVERITY_ORDER: Readonly<Record<string, number>> = { CRITICAL: 0, WARNING: 1, INFO: 2 };

function read<T>(reader: StoreReader, stores: readonly QueryableStore<unknown>[], pick: (store: QueryableStore<unknown>, entry: unknown) => readonly T[]): LocalAnswer<T> {
  const answers = stores.map((store) => ({ store, query: reader.queryStore(store.name) }));
  return {
    items: answers.flatMap(({ store, query }) => query.entries.flatMap(([, entry]) => pick(store, entry))),
    tasks: [...new Set(answers.flatMap(({ query }) => query.tasks))].sort(),
    partial: answers.some(({ query }) => query.partial),
  };
}

/**
 * One list the query API serves: the stores it reads, how items are picked from an entry, their
 * identity (to merge the answers of several instances) and their order.
 */
export interface ListQuery<T> {
  readonly stores: readonly string[];
  readonly key: (item: T) => string;
  readonly compare: (left: T, right: T) => number;
  readonly read: (reader: StoreReader) => LocalAnswer<T>;
}

function listQuery<T>(stores: readonly QueryableStore<unknown>[], pick: (store: QueryableStore<unknown>, entry: unknown) => readonly T[], key: (item: T) => string, compare: (left: T, right: T) => number): ListQuery<T> {
  return Object.freeze({ stores: stores.map((store) => store.name), key, compare, read: (reader: StoreReader) => {
    const answer = read<T>(reader, stores, pick);
    return { ...answer, items: [...answer.items].sort(compare) };
  } });
}

/** The published states of one store. */
function statesOf<T>(store: QueryableStore<T>, key: (item: T) => string, compare: (left: T, right: T) => number): ListQuery<T> {
  return listQuery<T>([store], (_, entry) => store.published(entry), key, compare);
}

const stores = GLUSTER_QUERYABLE_STORES;

/**
 * The lists of `GET /volumes`, `/bricks`, `/drives`, `/nodes`, `/alerts`. Open alerts: RAISED
 * alerts of every pipeline, most severe first, then newest first (resolved alerts are not kept in
 * state: their history is the alerts topic).
 */
export const QUERY_LISTS = Object.freeze({
  volumes: statesOf<VolumeState>(stores.volumes, (volume) => volume.name, (left, right) => left.name.localeCompare(right.name)),
  bricks: statesOf<BrickState>(stores.bricks, (brick) => brick.name, (left, right) => (left.volume ?? '').localeCompare(right.volume ?? '') || left.name.localeCompare(right.name)),
  drives: statesOf<DriveState>(stores.drives, (drive) => `${drive.nodeId}|${drive.drivePath}`, (left, right) => left.nodeId.localeCompare(right.nodeId) || left.drivePath.localeCompare(right.drivePath)),
  nodes: statesOf<NodeState>(stores.nodes, (node) => node.nodeId, (left, right) => left.nodeId.localeCompare(right.nodeId)),
  alerts: listQuery<Alert>(
    [stores.volumes, stores.nodes, stores.drives, stores.bricks],
    (store, entry) => store.openAlerts(entry),
    (alert) => alert.alertId,
    (left, right) => (SEVERITY_ORDER[left.severity] ?? 9) - (SEVERITY_ORDER[right.severity] ?? 9) || right.raisedAt - left.raisedAt,
  ),
});

export type ListName = keyof typeof QUERY_LISTS;
/** The item type of list `K`. */
export type ListItem<K extends ListName> = (typeof QUERY_LISTS)[K] extends ListQuery<infer T> ? T : never;

/** Published volume states, by name. */
export const listVolumes = (reader: StoreReader): LocalAnswer<VolumeState> => QUERY_LISTS.volumes.read(reader);
/** Published brick states, by volume then brick name. */
export const listBricks = (reader: StoreReader): LocalAnswer<BrickState> => QUERY_LISTS.bricks.read(reader);
/** Published drive states, by node then drive path. */
export const listDrives = (reader: StoreReader): LocalAnswer<DriveState> => QUERY_LISTS.drives.read(reader);
/** Published node states, by node id. */
export const listNodes = (reader: StoreReader): LocalAnswer<NodeState> => QUERY_LISTS.nodes.read(reader);
/** Open (RAISED) alerts of every pipeline, most severe first, then newest first. */
export const listOpenAlerts = (reader: StoreReader): LocalAnswer<Alert> => QUERY_LISTS.alerts.read(reader);
