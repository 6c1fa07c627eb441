import type { BrickCondition, RiskLevel } from '../../src/serde/index.js';
import type { SetTemplate } from './redundancy-sets.js';

/** A set's level and margins; `tolerates` never exceeds `designedTolerance`. */
export interface SetAssessment {
  readonly level: RiskLevel;
  readonly tolerates: number;
  readonly designedTolerance: number;
}

/**
 * Whether the bricks marked in `up` (by position) can serve the set:
 * - replica: AFR's client quorum `auto` (gluster's default for replica 3 and arbiter volumes):
 *   more than half of the bricks up, or exactly half including the first brick; and at least one
 *   data brick up, since an arbiter holds no file data;
 * - disperse: at least the set size minus its redundancy (the data fragments of every stripe);
 * - distribute: the brick itself.
 */
export function setAvailable(set: SetTemplate, up: readonly boolean[]): boolean {
  const count = up.filter(Boolean).length;
  const size = set.bricks.length;
  if (set.kind === 'DISPERSE') return count >= size - set.redundancy;
  if (set.kind === 'DISTRIBUTE') return count === size;
  const dataUp = set.bricks.some((brick, position) => brick.role === 'DATA' && up[position] === true);
  return dataUp && (2 * count > size || (2 * count === size && up[0] === true));
}

/**
 * How many more of the bricks marked in `up` may fail, any of them, with the set still available;
 * -1 when it is not available now. Worst case, in closed form rather than over every subset: an
 * adversary takes the first brick first (it decides a tie of a replica's quorum) and data bricks
 * before the arbiter.
 */
export function toleranceOf(set: SetTemplate, up: readonly boolean[]): number {
  if (!setAvailable(set, up)) return -1;
  const count = up.filter(Boolean).length;
  const size = set.bricks.length;
  if (set.kind === 'DISPERSE') return count - (size - set.redundancy);
  if (set.kind === 'DISTRIBUTE') return 0;
  const quorum = Math.max(0, count - Math.floor(size / 2) - 1);
  const dataUp = set.bricks.filter((brick, position) => brick.role === 'DATA' && up[position] === true).length;
  return Math.min(quorum, dataUp - 1);
}

/**
 * A set's level from its bricks' conditions. THREATENED bricks (a drive failing or predicted to
 * fail beneath them) still serve, so they count for availability; for the margin they count as
 * already failed, because their failure is expected rather than hypothetical:
 *
 * - UNAVAILABLE: the bricks that are up cannot serve the set;
 * - HEALTHY: every brick UP (the margin is the designed one);
 * - AT_RISK: no margin once the threatened bricks fail, i.e. one more failure (or the predicted
 *   one) loses availability or data;
 * - DEGRADED: less margin than designed, but at least one more failure survivable.
 */
export function assessSet(set: SetTemplate, conditions: readonly BrickCondition[]): SetAssessment {
  const designedTolerance = toleranceOf(set, set.bricks.map(() => true));
  const up = conditions.map((condition) => condition !== 'DOWN');
  const healthy = conditions.map((condition) => condition === 'UP');
  if (!setAvailable(set, up)) return { level: 'UNAVAILABLE', tolerates: 0, designedTolerance };
  if (healthy.every(Boolean)) return { level: 'HEALTHY', tolerates: designedTolerance, designedTolerance };
  const margin = toleranceOf(set, healthy);
  return margin <= 0 ? { level: 'AT_RISK', tolerates: 0, designedTolerance } : { level: 'DEGRADED', tolerates: margin, designedTolerance };
}

const ORDER: readonly RiskLevel[] = ['HEALTHY', 'DEGRADED', 'AT_RISK', 'UNAVAILABLE'];

/** The worse of two levels. */
export function worseLevel(left: RiskLevel, right: RiskLevel): RiskLevel {
  return ORDER.indexOf(left) >= ORDER.indexOf(right) ? left : right;
}
