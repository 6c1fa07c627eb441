import type { BrickCondition, BrickState } from '../../src/serde/index.js';
import { driveLabel } from '../node-storage/drive-health.js';

/**
 * What the volume risk knows of one brick, from two streams: `online` from the exporters' Brick
 * objects (merged over every node's report by the event pipeline), `storage` from the brick's
 * state (the drives beneath it, from node-storage).
 */
export interface BrickObservation {
  readonly online?: { readonly value: boolean; readonly at: number };
  readonly storage?: BrickStorage;
}

/** The storage evidence of one brick: its node, and the drives beneath it that fail or are predicted to. */
export interface BrickStorage {
  readonly nodeId: string | null;
  /** Labels of drives failing SMART now (or the brick's health reasons when no drive is named). */
  readonly failing: readonly string[];
  /** Labels of drives predicted to fail (DRIVE_DEGRADING). */
  readonly degrading: readonly string[];
}

/** The evidence a brick state gives the risk: nothing of its path or mount, only what threatens it. */
export function brickStorageOf(brick: BrickState): BrickStorage {
  const failingDrives = brick.drives.filter((drive) => drive.health === 'FAILING').map(driveLabel);
  const failing = failingDrives.length > 0 || brick.health !== 'FAILING' ? failingDrives : [...brick.healthReasons];
  return { nodeId: brick.nodeId, failing, degrading: brick.drives.filter((drive) => drive.degrading).map(driveLabel) };
}

/**
 * A brick's condition and why: DOWN when it is `offline` (see {@link offlineFor}), THREATENED when
 * a drive beneath fails or is predicted to.
 */
export function conditionOf(observation: BrickObservation, offline: boolean): { condition: BrickCondition; reasons: string[] } {
  const reasons: string[] = [];
  if (offline) reasons.push('brick offline');
  for (const drive of observation.storage?.failing ?? []) reasons.push(`drive ${drive} failing SMART`);
  for (const drive of observation.storage?.degrading ?? []) reasons.push(`drive ${drive} predicted to fail`);
  const condition: BrickCondition = offline ? 'DOWN' : reasons.length > 0 ? 'THREATENED' : 'UP';
  return { condition, reasons };
}

/**
 * Whether a brick counts as offline at `time`: its `online` has been false for `graceMs` since
 * it went offline or since the volume started, whichever is later. The grace absorbs what a
 * volume start looks like from here: the status and each brick's `online` travel apart, so the
 * volume may be STARTED while its bricks still read offline from when it was created. The same
 * grace as BRICK_DOWN (`brickOfflineGraceMs`), so the two agree.
 */
export function offlineFor(observation: BrickObservation, startedAt: number, time: number, graceMs: number): boolean {
  const online = observation.online;
  return online !== undefined && !online.value && time - Math.max(online.at, startedAt) >= graceMs;
}
