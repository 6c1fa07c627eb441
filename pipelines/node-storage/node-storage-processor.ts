import type { Alert, BrickState, DriveState } from '../../src/serde/index.js';
import type { Output, Processor, ProcessorContext, ProcessorSupplier, StreamRecord } from '../../src/streams/index.js';
import { entityStore } from '../shared/state-outputs.js';
import type { DiskObject } from './disk-objects.js';
import { applyNodeStorageInput, type NodeStorageInput } from './node-storage.js';
import type { NodeStorageSettings } from './storage-conditions.js';
import { storageState, type BrickEntry, type DriveEntry, type NodeInfo, type StorageMaps } from './storage-state.js';

/** The node-storage stores, one entity per key (see `storage-state.ts`). */
export const STORAGE_OBJECTS_STORE = entityStore<DiskObject>('storage-objects');
export const STORAGE_DRIVES_STORE = entityStore<DriveEntry>('storage-drives');
export const STORAGE_BRICKS_STORE = entityStore<BrickEntry>('storage-bricks');
export const STORAGE_INDEX_STORE = entityStore<NodeInfo | readonly string[]>('storage-index');
export const NODE_STORAGE_STORE_NAMES = [STORAGE_OBJECTS_STORE.name, STORAGE_DRIVES_STORE.name, STORAGE_BRICKS_STORE.name, STORAGE_INDEX_STORE.name];

export type NodeStorageOutputs = {
  readonly drives: Output<string, DriveState | null>;
  readonly bricks: Output<string, BrickState | null>;
  readonly alerts: Output<string, Alert>;
};

/**
 * One node's disks and the bricks placed on it, keyed by the node's Gluster UUID → drive and brick
 * state and their alerts. Its input is the disk records and the brick facts merged: both sides of
 * the join meet in the node's task, whichever arrives first.
 */
export function nodeStorageProcessor(settings: NodeStorageSettings): ProcessorSupplier<string, NodeStorageInput, NodeStorageOutputs> {
  return (): Processor<string, NodeStorageInput, NodeStorageOutputs> => {
    let context: ProcessorContext<NodeStorageOutputs>;
    let maps: StorageMaps;
    return {
      init(given) {
        context = given;
        maps = {
          objects: given.getStateStore<string, DiskObject>(STORAGE_OBJECTS_STORE.name),
          drives: given.getStateStore<string, DriveEntry>(STORAGE_DRIVES_STORE.name),
          bricks: given.getStateStore<string, BrickEntry>(STORAGE_BRICKS_STORE.name),
          index: given.getStateStore<string, NodeInfo | readonly string[]>(STORAGE_INDEX_STORE.name),
        };
      },
      process(record: StreamRecord<string, NodeStorageInput>) {
        const timestamp = record.timestamp;
        let forwarded = 0;
        applyNodeStorageInput(storageState(maps, record.key), record.value, settings, {
          drive: (key, value) => void (forwarded += 1, context.forward({ key, value, timestamp }, 'drives')),
          brick: (key, value) => void (forwarded += 1, context.forward({ key, value, timestamp }, 'bricks')),
          alert: (alert) => void (forwarded += 1, context.forward({ key: alert.alertId, value: alert, timestamp }, 'alerts')),
        });
        if (forwarded === 0) context.metrics?.increment('streams_dedup_hits_total', { processor: 'node-storage' });
      },
    };
  };
}
