import { normalMountPoint } from './brick-resolution.js';
import type { DiskObject } from './disk-objects.js';
import { withMember } from '../domain/index.js';
import type { IndexName, StorageState } from './storage-state.js';

/** What an object's change did to the indexes: the arrays and groups whose members changed, the mount points that moved. */
export interface IndexChange {
  /** MD array and volume group paths whose member lists changed (bricks that depend on them must walk again). */
  readonly groups: readonly string[];
  readonly mountPoints: readonly string[];
}

/**
 * Keeps the join's indexes in step with one object's change: the mount points of its Filesystem
 * role, its MD array membership (Block.MDRaidMember) and its volume group (PhysicalVolume).
 */
export function updateIndexes(state: StorageState, path: string, before: DiskObject | undefined, after: DiskObject | undefined, at: number): IndexChange {
  const groups: string[] = [];
  const move = (index: IndexName, from: string | null, to: string | null): void => {
    if (from === to) return;
    if (from !== null) state.putList(index, from, withMember(state.list(index, from), path, false), at);
    if (to !== null) state.putList(index, to, withMember(state.list(index, to), path, true), at);
    for (const group of [from, to]) if (group !== null) groups.push(group);
  };
  move('md', text(before?.Block?.['mdRaidMember']), text(after?.Block?.['mdRaidMember']));
  move('vg', text(before?.PhysicalVolume?.['volumeGroup']), text(after?.PhysicalVolume?.['volumeGroup']));

  const mountedBefore = new Set(mountPointsOf(before));
  const mountedAfter = new Set(mountPointsOf(after));
  const mountPoints: string[] = [];
  for (const point of mountedBefore) {
    if (mountedAfter.has(point)) continue;
    state.putList('mount', point, withMember(state.list('mount', point), path, false), at);
    mountPoints.push(point);
  }
  for (const point of mountedAfter) {
    if (mountedBefore.has(point)) continue;
    state.putList('mount', point, withMember(state.list('mount', point), path, true), at);
    mountPoints.push(point);
  }
  return { groups, mountPoints };
}

function mountPointsOf(object: DiskObject | undefined): string[] {
  const points = object?.Filesystem?.['mountPoints'];
  return Array.isArray(points) ? (points as readonly string[]).map(normalMountPoint) : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
