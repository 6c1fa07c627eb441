import type { Alert, BrickState, DriveState } from '../../src/serde/index.js';
import type { KStream, KTable, StreamsBuilder } from '../../src/streams/index.js';
import { entityStore } from '../shared/state-outputs.js';
import { brickHealthOf, drivesBeneath } from './brick-health.js';
import { BRICK_STATES_STORE, brickPublisher } from './brick-publisher.js';
import type { NodeStorageInput } from './node-storage.js';
import { nodeStorageProcessor, STORAGE_BRICKS_STORE, STORAGE_DRIVES_STORE, STORAGE_INDEX_STORE, STORAGE_OBJECTS_STORE } from './node-storage-processor.js';
import type { NodeStorageSettings } from './storage-conditions.js';
import { driveTrendStores } from './drive-trend-windows.js';
import type { BrickPlacement, DriveEntry } from './storage-state.js';

/** The brick health join's result: each placed brick's state from its drives (lastChangedAt 0, see `brickHealthOf`). */
export const BRICK_HEALTH_STORE = entityStore<BrickState>('brick-health');

export interface NodeStorageStreams {
  readonly drives: KStream<string, DriveState | null>;
  readonly bricks: KStream<string, BrickState | null>;
  readonly alerts: KStream<string, Alert>;
}

/**
 * The node-storage section of the topology, in the tasks of its input (keyed by node storage key):
 *
 *   disk records + brick facts → node-storage ─┬─ drives, drive alerts (DRIVE_DEGRADING from the window stores `drive-trend-*`)
 *                                              ├─ drive entries ─→ table `storage-drives` ─┐
 *                                              └─ placements ────→ table `storage-bricks` ─┴─ foreign-key join `brick-health`
 *                                                                                            → brick-state → bricks, brick alerts
 *
 * The join (`KTable#leftJoin` on foreign keys) links each placed brick to the drives its storage
 * stack resolved to; a drive's change recomputes only the bricks on that drive.
 */
export function buildNodeStorage(builder: StreamsBuilder, input: KStream<string, NodeStorageInput>, settings: NodeStorageSettings): NodeStorageStreams {
  const trends = driveTrendStores(settings);
  builder.addStateStore(STORAGE_OBJECTS_STORE).addStateStore(STORAGE_INDEX_STORE).addStateStore(BRICK_STATES_STORE).addStateStore(trends.counters).addStateStore(trends.heat);
  const storage = input.process(nodeStorageProcessor(settings), {
    name: 'node-storage',
    stores: [STORAGE_OBJECTS_STORE.name, STORAGE_INDEX_STORE.name, STORAGE_DRIVES_STORE.name, STORAGE_BRICKS_STORE.name, trends.counters.name, trends.heat.name],
    outputs: ['drives', 'alerts', 'driveEntries', 'placements'],
  });
  const drives: KTable<string, DriveEntry> = storage.driveEntries.toTable({ name: 'drive-entries', store: STORAGE_DRIVES_STORE });
  const placements: KTable<string, BrickPlacement> = storage.placements.toTable({ name: 'brick-placements', store: STORAGE_BRICKS_STORE });
  const health = placements.leftJoin(drives, drivesBeneath, brickHealthOf, { name: 'brick-health', store: BRICK_HEALTH_STORE });
  const published = health.toStream().process(brickPublisher(), { name: 'brick-state', stores: [BRICK_STATES_STORE.name], outputs: ['states', 'alerts'] });
  return { drives: storage.drives, bricks: published.states, alerts: storage.alerts.merge(published.alerts, { name: 'storage-alerts' }) };
}
