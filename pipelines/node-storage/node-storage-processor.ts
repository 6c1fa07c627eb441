import type { Alert, DriveState } from '../../src/serde/index.js';
import type { KeyValueStore, Output, Processor, ProcessorContext, ProcessorSupplier, StreamRecord } from '../../src/streams/index.js';
import { entityStore } from '../shared/state-outputs.js';
import type { DiskObject } from './disk-objects.js';
import { applyNodeStorageInput, type NodeStorageInput } from './node-storage.js';
import type { NodeStorageSettings } from './storage-conditions.js';
import { driveTrendStores } from './drive-trend-windows.js';
import { storageState, type BrickPlacement, type DriveEntry, type EntityMap, type NodeInfo, type StorageMaps } from './storage-state.js';

/** The node-storage stores, one entity per key (see `storage-state.ts`). */
export const STORAGE_OBJECTS_STORE = entityStore<DiskObject>('storage-objects');
export const STORAGE_INDEX_STORE = entityStore<NodeInfo | readonly string[]>('storage-index');
/** The two tables the brick health join reads: written by their `toTable` nodes from this processor's outputs. */
export const STORAGE_DRIVES_STORE = entityStore<DriveEntry>('storage-drives');
export const STORAGE_BRICKS_STORE = entityStore<BrickPlacement>('storage-bricks');

export type NodeStorageOutputs = {
  readonly drives: Output<string, DriveState | null>;
  readonly alerts: Output<string, Alert>;
  /** Changes of the drives table (`STORAGE_DRIVES_STORE`), by storage key. */
  readonly driveEntries: Output<string, DriveEntry | null>;
  /** Changes of the placements table (`STORAGE_BRICKS_STORE`), by storage key. */
  readonly placements: Output<string, BrickPlacement | null>;
};

/**
 * One node's disks and the bricks placed on it, keyed by the node's Gluster UUID → drive state and
 * drive alerts, and the changes of the drives and placements tables that the brick health join
 * reads. Its input is the disk records and the brick facts merged: both meet in the node's task,
 * whichever arrives first. It reads the two tables from their stores and writes them by
 * forwarding their changes, which their `toTable` nodes apply before `forward` returns. Each drive
 * sample also goes to the drive trend's window stores (`drive-trend-windows.ts`), which say whether
 * the drive is degrading (DRIVE_DEGRADING).
 */
export function nodeStorageProcessor(settings: NodeStorageSettings): ProcessorSupplier<string, NodeStorageInput, NodeStorageOutputs> {
  const trendStores = driveTrendStores(settings);
  return (): Processor<string, NodeStorageInput, NodeStorageOutputs> => {
    let context: ProcessorContext<NodeStorageOutputs>;
    let maps: StorageMaps;
    let forwarded = 0;
    const table = <V>(store: KeyValueStore<string, V>, output: 'driveEntries' | 'placements'): EntityMap<V> => ({
      get: (key) => store.get(key),
      put: (key, value, timestamp) => void (forwarded += 1, context.forward({ key, value: value as never, timestamp }, output)),
      delete: (key, timestamp) => void (forwarded += 1, context.forward({ key, value: null, timestamp }, output)),
    });
    return {
      init(given) {
        context = given;
        maps = {
          objects: given.getStateStore<string, DiskObject>(STORAGE_OBJECTS_STORE.name),
          index: given.getStateStore<string, NodeInfo | readonly string[]>(STORAGE_INDEX_STORE.name),
          drives: table(given.getStateStore<string, DriveEntry>(STORAGE_DRIVES_STORE.name), 'driveEntries'),
          bricks: table(given.getStateStore<string, BrickPlacement>(STORAGE_BRICKS_STORE.name), 'placements'),
          trends: { counters: given.getWindowStore(trendStores.counters), heat: given.getWindowStore(trendStores.heat) },
        };
      },
      process(record: StreamRecord<string, NodeStorageInput>) {
        const { timestamp } = record;
        forwarded = 0;
        applyNodeStorageInput(storageState(maps, record.key), record.value, settings, {
          drive: (key, value) => void (forwarded += 1, context.forward({ key, value, timestamp }, 'drives')),
          alert: (alert) => void (forwarded += 1, context.forward({ key: alert.alertId, value: alert, timestamp }, 'alerts')),
        });
        if (forwarded === 0) context.metrics?.increment('streams_dedup_hits_total', { processor: 'node-storage' });
      },
    };
  };
}
