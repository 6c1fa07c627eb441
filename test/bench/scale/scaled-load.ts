import { generateLoad, parseClusterShape, type ClusterShape } from '../../../src/loadgen/index.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';

/** Issue #8's scale target: 1,000 nodes, 10,000 volumes, 100,000 bricks, 100,000 drives (F = 1). */
export const FULL_SCALE: ClusterShape = Object.freeze({ nodes: 1_000, volumes: 10_000, bricks: 100_000, drives: 100_000 });

/**
 * The full-scale shape times `factor` (every count scaled together, each at least 1, and at least
 * one drive per node as bricks need); `nodes` overrides the node count alone, for a variant that
 * keeps the entity counts high with fewer reporting nodes (every node reports every volume and
 * brick, so records grow with nodes × entities).
 */
export function scaledShape(factor: number, nodes?: number): ClusterShape {
  const scaled = (full: number): number => Math.max(1, Math.round(full * factor));
  const nodeCount = nodes ?? scaled(FULL_SCALE.nodes);
  return parseClusterShape({ nodes: nodeCount, volumes: scaled(FULL_SCALE.volumes), bricks: scaled(FULL_SCALE.bricks), drives: Math.max(nodeCount, scaled(FULL_SCALE.drives)) });
}

/**
 * Raw records for the bench: every node's first snapshot (all of them, however many records that
 * is), then `changes` records of the default scripted mix (status changes, SMART failures,
 * temperatures, heartbeats, the odd producer restart). The first record that is neither a snapshot
 * nor a heartbeat marks the end of the snapshots.
 */
export function* snapshotsThenChanges(shape: ClusterShape, seed: number, changes: number): Generator<RawPropertyChange, void, undefined> {
  let scripted = -1;
  for (const record of generateLoad({ shape, seed })) {
    if (scripted < 0 && record.kind !== 'SNAPSHOT' && record.kind !== 'HEARTBEAT') scripted = 0;
    if (scripted >= 0) {
      if (scripted >= changes) return;
      scripted += 1;
    }
    yield record;
  }
}
