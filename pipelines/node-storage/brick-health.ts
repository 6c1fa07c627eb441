import type { BrickState, DriveState } from '../../src/serde/index.js';
import { brickStateOf } from './storage-conditions.js';
import { storageEntityKey, type BrickPlacement, type DriveEntry } from './storage-state.js';

/**
 * The foreign keys of a placement in the drives table: the storage keys of the drives its stack
 * resolved to. A brick is placed on the node of its host's Gluster UUID, which is the storage key
 * its drives are kept under (both reach the node-storage task keyed by it).
 */
export function drivesBeneath(placement: BrickPlacement): readonly string[] {
  return placement.resolution.drivePaths.map((path) => storageEntityKey(placement.fact.hostUuid, path));
}

/**
 * A brick's state from its placement and the drives it resolved to (`drives[i]` is the drive of
 * `resolution.drivePaths[i]`, `null` while unknown). `lastChangedAt` is left 0: the time of a real
 * change is the publisher's to set (`brick-publisher.ts`), so that an update that changes nothing a
 * reader sees is no change.
 */
export function brickHealthOf(placement: BrickPlacement, drives: readonly (DriveEntry | null)[]): BrickState {
  const byPath = new Map<string, DriveState>();
  placement.resolution.drivePaths.forEach((path, index) => {
    const drive = drives[index];
    if (drive !== null && drive !== undefined) byPath.set(path, drive.state);
  });
  return brickStateOf(placement.fact, placement.nodeId, placement.resolution, (path) => byPath.get(path), 0);
}
