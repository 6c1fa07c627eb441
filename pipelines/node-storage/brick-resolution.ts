import type { DiskObject } from './disk-objects.js';

export interface BrickResolution {
  readonly mountPoint: string | null;
  /** Device files from the filesystem's block device downwards, in walk order. */
  readonly blockDevices: readonly string[];
  /** Object paths of the drives beneath the brick, sorted. */
  readonly drivePaths: readonly string[];
  /** Why the mapping is incomplete, when it is. */
  readonly problems: readonly string[];
  /**
   * What the walk depended on: every object path it visited or looked for (present or not), the MD
   * arrays and volume groups whose members it listed, and the drives it reached. A change of any of
   * them may change the resolution; a change of anything else cannot (mount points aside).
   */
  readonly dependsOn: readonly string[];
}

/** What the walk reads of one node's storage objects: point lookups only, never a scan. */
export interface StorageLookup {
  object(path: string): DiskObject | undefined;
  /** The filesystem object mounted exactly at `mountPoint` (no trailing slash but for `/`). */
  mountedAt(mountPoint: string): string | undefined;
  /** Block objects whose `MDRaidMember` is `raid`, sorted. */
  mdMembers(raid: string): readonly string[];
  /** PhysicalVolume block objects of volume group `group`, sorted. */
  physicalVolumes(group: string): readonly string[];
}

/** A mount point as the lookup keys it: without trailing slashes, `/` for the root. */
export function normalMountPoint(mountPoint: string): string {
  const trimmed = mountPoint.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The mount points that can hold `path`, longest first: the path itself, each parent, then `/`. */
export function mountCandidates(path: string): string[] {
  const candidates: string[] = [];
  for (let current = normalMountPoint(path); ; current = current.slice(0, current.lastIndexOf('/')) || '/') {
    candidates.push(current);
    if (current === '/') return candidates;
  }
}

/**
 * Maps a brick directory to the set of drives beneath it on its node (reference §1.8): the
 * filesystem whose mount point is the longest prefix of the path, its block device, then down
 * through partitions (Block.Drive is the parent drive), LUKS (CryptoBackingDevice), MD RAID (every
 * member block) and LVM (the LV's segment PVs, through the thin pool for a thin LV; every PV of the
 * volume group when udisks gives no segments). Its cost is the length of the walk: lookups, no scan.
 */
export function resolveBrick(lookup: StorageLookup, brickPath: string): BrickResolution {
  const dependsOn = new Set<string>();
  let mount: { mountPoint: string; objectPath: string } | undefined;
  for (const candidate of mountCandidates(brickPath)) {
    const objectPath = lookup.mountedAt(candidate);
    if (objectPath !== undefined) {
      mount = { mountPoint: candidate, objectPath };
      break;
    }
  }
  if (mount === undefined) return { mountPoint: null, blockDevices: [], drivePaths: [], problems: [`no filesystem is mounted at a prefix of ${brickPath}`], dependsOn: [] };

  const blockDevices: string[] = [];
  const drives = new Set<string>();
  const problems: string[] = [];
  const visited = new Set<string>();

  const walkBlock = (path: string): void => {
    if (visited.has(path)) return;
    visited.add(path);
    dependsOn.add(path);
    const object = lookup.object(path);
    const block = object?.Block;
    if (block === undefined) {
      problems.push(`block device ${path} is not known on this node`);
      return;
    }
    if (typeof block['device'] === 'string') blockDevices.push(block['device']);
    if (typeof block['drive'] === 'string') {
      drives.add(block['drive']);
      dependsOn.add(block['drive']);
      return;
    }
    if (typeof block['cryptoBackingDevice'] === 'string') return walkBlock(block['cryptoBackingDevice']);
    if (typeof block['mdRaid'] === 'string') {
      const raid = block['mdRaid'];
      dependsOn.add(raid);
      const members = lookup.mdMembers(raid);
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
    dependsOn.add(path);
    const volume = lookup.object(path)?.LogicalVolume;
    if (volume === undefined) {
      problems.push(`logical volume ${path} is not known on this node`);
      return;
    }
    if (typeof volume['thinPool'] === 'string') return walkLogicalVolume(volume['thinPool']);
    const segments = Array.isArray(volume['segmentDevices']) ? (volume['segmentDevices'] as readonly string[]) : [];
    if (segments.length > 0) return segments.forEach(walkBlock);
    const group = volume['volumeGroup'];
    if (typeof group === 'string') dependsOn.add(group);
    const physical = typeof group === 'string' ? lookup.physicalVolumes(group) : [];
    if (physical.length === 0) problems.push(`volume group of ${path} has no known physical volumes`);
    physical.forEach(walkBlock);
  };

  walkBlock(mount.objectPath);
  return { mountPoint: mount.mountPoint, blockDevices, drivePaths: [...drives].sort(), problems, dependsOn: [...dependsOn].sort() };
}

/** A lookup over a plain map of one node's objects (tests, and small callers): scans, so not for the processor. */
export function mapLookup(objects: ReadonlyMap<string, DiskObject>): StorageLookup {
  const sorted = (predicate: (object: DiskObject) => boolean): string[] => [...objects].filter(([, object]) => predicate(object)).map(([path]) => path).sort();
  return {
    object: (path) => objects.get(path),
    mountedAt: (mountPoint) => {
      for (const [path, object] of objects) {
        const points = object.Filesystem?.['mountPoints'];
        if (Array.isArray(points) && (points as readonly string[]).some((point) => normalMountPoint(point) === mountPoint)) return path;
      }
      return undefined;
    },
    mdMembers: (raid) => sorted((object) => object.Block?.['mdRaidMember'] === raid),
    physicalVolumes: (group) => sorted((object) => object.PhysicalVolume?.['volumeGroup'] === group),
  };
}
