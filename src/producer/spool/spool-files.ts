import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Names on disk: segments are `<20-digit number>.seg` (lexical order = append order) and the
 * delivered position lives in `committed.json`, replaced atomically by write-then-rename so a
 * crash leaves either the old or the new position, never a torn one.
 */
export interface SpoolPosition {
  readonly segment: number;
  /** Byte offset inside the segment of the first entry not yet delivered. */
  readonly offset: number;
}

const SEGMENT = /^(\d{20})\.seg$/;
const COMMITTED = 'committed.json';

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

/** The committed position, or null when none was written yet (or it is unreadable: start at the oldest segment). */
export function readCommitted(dir: string): SpoolPosition | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, COMMITTED), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'segment' in parsed && 'offset' in parsed) {
      const { segment, offset } = parsed;
      if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) return { segment: segment as number, offset: offset as number };
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * Not fsynced on purpose: losing the newest committed position (power loss only; a killed
 * process keeps the page cache) re-delivers a few records, which consumers drop by
 * (sessionId, sequence). Re-delivery is the safe direction; loss is not.
 */
export function writeCommitted(dir: string, position: SpoolPosition): void {
  const temporary = join(dir, `${COMMITTED}.tmp`);
  writeFileSync(temporary, JSON.stringify(position));
  renameSync(temporary, join(dir, COMMITTED));
}
