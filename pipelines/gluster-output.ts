import type { Alert } from './domain/index.js';
import type { BrickState } from './node-storage/brick-state.js';
import type { DriveState } from './node-storage/drive-health.js';
import type { NodeState } from './node-state/node-state.js';
import type { VolumeState } from './volume-state/volume-state.js';

/**
 * What the Gluster processors emit, before the topology routes each record to its topic: a state
 * change (null = tombstone) of one of the compacted topics, or an alert record.
 */
export type GlusterOutput =
  | { readonly topic: 'volumes'; readonly value: VolumeState | null }
  | { readonly topic: 'bricks'; readonly value: BrickState | null }
  | { readonly topic: 'drives'; readonly value: DriveState | null }
  | { readonly topic: 'nodes'; readonly value: NodeState | null }
  | { readonly topic: 'alerts'; readonly value: Alert };

export type StateTopic = Exclude<GlusterOutput['topic'], 'alerts'>;

export function alertOutputs(alerts: readonly Alert[]): { key: string; value: GlusterOutput }[] {
  return alerts.map((alert) => ({ key: alert.alertId, value: { topic: 'alerts', value: alert } }));
}
