import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Names on disk: segments are `<20-digit number>.seg` (lexical order = append order); the
 * delivered position lives in `committed.pos` (see `openCommittedPosition`).
 */
export interface SpoolPosition {
  readonly segment: number;
  /** Byte offset inside the segment of the first entry not yet delivered. */
  readonly offset: number;
}

const SEGMENT = /^(\d{20})\.seg$/;
const LEGACY_COMMITTED = 'committed.json';

export function segmentPath(dir: string, segment: number): string {
  return join(dir, `${String(segment).padStart(20, '0')}.seg`);
}

export function listSegments(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => SEGMENT.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * The position an earlier version kept in `committed.json` (replaced by `committed.pos`, see
 * `openCommittedPosition`), or null when there is none or it is unreadable (start at the oldest segment).
 */
export function readLegacyCommitted(dir: string): SpoolPosition | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, LEGACY_COMMITTED), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'segment' in parsed && 'offset' in parsed) {
      const { segment, offset } = parsed;
      if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) return { segment: segment as number, offset: offset as number };
    }
    return null;
  } catch {
    return null;
  }
}
