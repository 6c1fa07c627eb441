import type { Alert, BrickState, DriveState, NodeState, VolumeState } from '../src/serde/index.js';
import { BRICK_STATES_STORE, type PublishedBrick } from './node-storage/brick-publisher.js';
import { STORAGE_DRIVES_STORE } from './node-storage/node-storage-processor.js';
import type { DriveEntry } from './node-storage/storage-state.js';
import type { NodeAggregate } from './node-state/node-aggregate.js';
import { NODE_STORE } from './node-state/node-processor.js';
import type { VolumeRiskEntry } from './volume-risk/volume-risk-entry.js';
import { VOLUME_RISK_STORE } from './volume-risk/volume-risk-processor.js';

/**
 * A store the query API may read, and how: its name, the published state(s) one of its entries
 * holds and the entry's open alerts, in the published types. What an entry looks like inside stays
 * the pipeline's business; readers see only what these functions give them.
 */
export interface QueryableStore<T> {
  readonly name: string;
  published(entry: unknown): readonly T[];
  openAlerts(entry: unknown): readonly Alert[];
}

function queryable<E, T>(name: string, published: (entry: E) => readonly T[], openAlerts: (entry: E) => Readonly<Record<string, Alert>>): QueryableStore<T> {
  return Object.freeze({ name, published: (entry: unknown) => published(entry as E), openAlerts: (entry: unknown) => Object.values(openAlerts(entry as E)) });
}

/** The stores behind `GET /volumes`, `/bricks`, `/drives`, `/nodes` and `/alerts`, by what they hold. */
export const GLUSTER_QUERYABLE_STORES = Object.freeze({
  // The volume as published, with its risk: the volume-risk processor publishes what volume-state merged.
  volumes: queryable<VolumeRiskEntry, VolumeState>(VOLUME_RISK_STORE.name, (entry) => (entry.published === null ? [] : [entry.published]), (entry) => entry.openAlerts),
  nodes: queryable<NodeAggregate, NodeState>(NODE_STORE.name, (entry) => (entry.emitted === null ? [] : [entry.emitted]), (entry) => entry.openAlerts),
  drives: queryable<DriveEntry, DriveState>(STORAGE_DRIVES_STORE.name, (entry) => [entry.state], (entry) => entry.openAlerts),
  bricks: queryable<PublishedBrick, BrickState>(BRICK_STATES_STORE.name, (entry) => [entry.state], (entry) => entry.openAlerts),
});
