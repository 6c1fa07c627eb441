import type { DiskObject } from './disk-objects.js';

export interface BrickResolution {
  readonly mountPoint: string | null;
  /** Device files from the filesystem's block device downwards, in walk order. */
  readonly blockDevices: readonly string[];
  /** Object paths of the drives beneath the brick, sorted. */
  readonly drivePaths: readonly string[];
  /** Why the mapping is incomplete, when it is. */
  readonly problems: readonly string[];
}

/**
 * Maps a brick directory to the set of drives beneath it on its node (reference §1.8):
 * the filesystem whose mount point is the longest prefix of the path, its block device, then down
 * through partitions (Block.Drive is the parent drive), LUKS (CryptoBackingDevice), MD RAID (every
 * member block) and LVM (the LV's segment PVs, through the thin pool for a thin LV; every PV of the
 * volume group when udisks gives no segments).
 */
export function resolveBrick(objects: ReadonlyMap<string, DiskObject>, brickPath: string): BrickResolution {
  const mount = longestMountPrefix(objects, brickPath);
  if (mount === undefined) return { mountPoint: null, blockDevices: [], drivePaths: [], problems: [`no filesystem is mounted at a prefix of ${brickPath}`] };

  const blockDevices: string[] = [];
  const drives = new Set<string>();
  const problems: string[] = [];
  const visited = new Set<string>();

  const walkBlock = (path: string): void => {
    if (visited.has(path)) return;
    visited.add(path);
    const object = objects.get(path);
    const block = object?.Block;
    if (block === undefined) {
      problems.push(`block device ${path} is not known on this node`);
      return;
    }
    if (typeof block['device'] === 'string') blockDevices.push(block['device']);
    if (typeof block['drive'] === 'string') {
      drives.add(block['drive']);
      return;
    }
    if (typeof block['cryptoBackingDevice'] === 'string') return walkBlock(block['cryptoBackingDevice']);
    if (typeof block['mdRaid'] === 'string') {
      const raid = block['mdRaid'];
      const members = [...objects].filter(([, candidate]) => candidate.Block?.['mdRaidMember'] === raid).map(([memberPath]) => memberPath);
      if (members.length === 0) problems.push(`MD RAID ${raid} has no known member devices`);
      return members.forEach(walkBlock);
    }
    const logicalVolume = object?.['Block.LVM2']?.['logicalVolume'];
    if (typeof logicalVolume === 'string') return walkLogicalVolume(logicalVolume);
    problems.push(`block device ${path} leads to no drive`);
  };

  const walkLogicalVolume = (path: string): void => {
    if (visited.has(path)) return;
    visited.add(path);
    const volume = objects.get(path)?.LogicalVolume;
    if (volume === undefined) {
      problems.push(`logical volume ${path} is not known on this node`);
      return;
    }
    if (typeof volume['thinPool'] === 'string') return walkLogicalVolume(volume['thinPool']);
    const segments = Array.isArray(volume['segmentDevices']) ? (volume['segmentDevices'] as readonly string[]) : [];
    if (segments.length > 0) return segments.forEach(walkBlock);
    const group = volume['volumeGroup'];
    const physical = [...objects].filter(([, candidate]) => typeof group === 'string' && candidate.PhysicalVolume?.['volumeGroup'] === group).map(([pvPath]) => pvPath);
    if (physical.length === 0) problems.push(`volume group of ${path} has no known physical volumes`);
    physical.forEach(walkBlock);
  };

  walkBlock(mount.objectPath);
  return { mountPoint: mount.mountPoint, blockDevices, drivePaths: [...drives].sort(), problems };
}

function longestMountPrefix(objects: ReadonlyMap<string, DiskObject>, path: string): { mountPoint: string; objectPath: string } | undefined {
  let best: { mountPoint: string; objectPath: string } | undefined;
  for (const [objectPath, object] of objects) {
    const mountPoints = object.Filesystem?.['mountPoints'];
    if (!Array.isArray(mountPoints)) continue;
    for (const mountPoint of mountPoints as readonly string[]) {
      const covers = mountPoint === '/' || path === mountPoint || path.startsWith(`${mountPoint.replace(/\/+$/, '')}/`);
      if (covers && (best === undefined || mountPoint.length > best.mountPoint.length)) best = { mountPoint, objectPath };
    }
  }
  return best;
}
