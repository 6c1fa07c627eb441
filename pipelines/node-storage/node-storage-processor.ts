import type { Output } from '../../src/streams/index.js';
import type { Alert } from '../domain/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore } from '../shared/state-outputs.js';
import type { BrickState } from './brick-state.js';
import type { DriveState } from './drive-health.js';
import { applyNodeStorageInput, emptyNodeStorage, type NodeStorageAggregate, type NodeStorageInput, type NodeStorageSettings } from './node-storage-aggregate.js';

export const NODE_STORAGE_STORE = entityStore<NodeStorageAggregate>('node-storage');

export type NodeStorageOutputs = {
  readonly drives: Output<string, DriveState | null>;
  readonly bricks: Output<string, BrickState | null>;
  readonly alerts: Output<string, Alert>;
};

/**
 * One node's disks and the bricks placed on it, keyed by the node's Gluster UUID → drive and brick
 * state and their alerts. Its input is the disk records and the brick facts merged: both sides of
 * the join meet in one state, whichever arrives first.
 */
export function nodeStorageLogic(settings: NodeStorageSettings): EntityLogic<NodeStorageInput, NodeStorageAggregate, NodeStorageOutputs> {
  return {
    name: 'node-storage',
    store: NODE_STORAGE_STORE.name,
    apply: (state, record) => {
      const step = applyNodeStorageInput(state ?? emptyNodeStorage, record.value, settings);
      return {
        state: step.aggregate,
        forward: [
          ...step.drives.map((drive) => ({ to: 'drives' as const, key: drive.key, value: drive.value })),
          ...step.bricks.map((brick) => ({ to: 'bricks' as const, key: brick.key, value: brick.value })),
          ...step.alerts.map((alert) => ({ to: 'alerts' as const, key: alert.alertId, value: alert })),
        ],
      };
    },
  };
}
