import type { BrickRole, SetKind, VolumeLayout } from '../../src/serde/index.js';

/** One replica or disperse set (or one brick of a distribute volume) as the layout defines it, before any health. */
export interface SetTemplate {
  readonly index: number;
  readonly kind: SetKind;
  /** Bricks in the volume's order; for a disperse set, how many of them may be lost. */
  readonly bricks: readonly { readonly name: string; readonly role: BrickRole }[];
  readonly redundancy: number;
}

/**
 * Cuts a volume's ordered brick list into its sets, the way gluster builds its client graph: each
 * run of `disperseCount` bricks is a disperse subvolume, else each run of `replicaCount` bricks a
 * replica subvolume (the last one its arbiter when `arbiterCount` is 1), else every brick stands
 * alone (distribute). Null when the list does not divide into whole sets: the layout and the brick
 * list are separate facts, and while an add-brick or remove-brick propagates one may be newer than
 * the other; a guess would misplace every brick after the first wrong one.
 */
export function redundancySets(layout: VolumeLayout, bricks: readonly string[]): SetTemplate[] | null {
  const kind: SetKind = layout.disperseCount > 0 ? 'DISPERSE' : layout.replicaCount > 1 ? 'REPLICA' : 'DISTRIBUTE';
  const size = kind === 'DISPERSE' ? layout.disperseCount : kind === 'REPLICA' ? layout.replicaCount : 1;
  if (bricks.length === 0 || bricks.length % size !== 0) return null;
  if (kind === 'DISPERSE' && (layout.redundancyCount < 1 || 2 * layout.redundancyCount >= size)) return null;
  const arbiter = kind === 'REPLICA' && layout.arbiterCount > 0;
  const sets: SetTemplate[] = [];
  for (let start = 0; start < bricks.length; start += size) {
    sets.push({
      index: sets.length,
      kind,
      bricks: bricks.slice(start, start + size).map((name, position) => ({ name, role: arbiter && position === size - 1 ? 'ARBITER' : 'DATA' })),
      redundancy: kind === 'DISPERSE' ? layout.redundancyCount : 0,
    });
  }
  return sets;
}
