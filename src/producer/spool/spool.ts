import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import type { Logger } from '../../logging/index.js';
import { encodeEntry } from './entry-format.js';
import { recoverSegment } from './recover-segment.js';
import { createSegmentReader, type SpoolBatch } from './segment-reader.js';
import { openCommittedPosition } from './committed-position.js';
import { acquireSpoolLock } from './spool-lock.js';
import { listSegments, segmentPath, type SpoolPosition } from './spool-files.js';

export type { SpoolBatch } from './segment-reader.js';

export type FsyncPolicy = 'always' | 'interval' | 'never';

export interface SpoolOptions {
  readonly dir: string;
  /** Bound on undelivered bytes (entries incl. headers); past it `append` drops. */
  readonly maxBytes: number;
  /** A segment is closed and a new one started past this size; delivered segments are deleted. */
  readonly segmentBytes?: number;
  /**
   * `interval` (default): the active segment is fsynced by {@link Spool.sync}, which the producer
   * calls once a second, so a power loss costs at most about a second of records; a killed
   * process loses nothing that `append` accepted (the data is in the page cache). Only while
   * something is undelivered: what Kafka has acknowledged needs no local durability, and a healthy
   * producer's fsync of delivered bytes every second was most of its system CPU at low rates.
   * `always`: fsync after every write (slow, for paranoid deployments). `never`: leave it to the OS.
   */
  readonly fsync?: FsyncPolicy;
  readonly logger: Logger;
}

export interface SpoolRecovery {
  readonly entries: number;
  readonly corruptEntries: number;
  readonly bytesDiscarded: number;
}

/**
 * A bounded, ordered, crash-safe queue of opaque payloads between the D-Bus side (which must never
 * block) and the Kafka side (which may be away for hours). Appends go to the newest segment,
 * reads hand out entries after the last handed-out one, and only `commit` moves the durable
 * delivered position. Not thread-safe. One producer owns a spool directory: opening one that a
 * live producer holds throws `SpoolLockedError` (see `acquireSpoolLock`); `close` releases it.
 */
export interface Spool {
  /** False when the entry would exceed `maxBytes`: the entry is dropped (the caller counts and reports it). */
  append(payload: Buffer): boolean;
  /** Up to `maxEntries` / at most `maxBytes` (unless one entry alone is larger) of entries after the ones already handed out, or null if none. */
  read(maxEntries: number, maxBytes: number): SpoolBatch | null;
  commit(position: SpoolPosition): void;
  /** Starts reading again from the committed position (after a failed delivery that gave its batch up). */
  rewind(): void;
  /** Undelivered bytes (committed position to end). */
  pendingBytes(): number;
  /** Writes buffered appends and, under the `interval` policy, fsyncs them. */
  sync(): void;
  close(): void;
  readonly recovery: SpoolRecovery;
}

const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;

export function openSpool(options: SpoolOptions): Spool {
  mkdirSync(options.dir, { recursive: true });
  const lock = acquireSpoolLock(options.dir);
  try {
    return openLockedSpool(options, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

function openLockedSpool(options: SpoolOptions, releaseLock: () => void): Spool {
  const { dir, maxBytes, logger } = options;
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  const fsync = options.fsync ?? 'interval';
  const maxPayload = maxBytes;

  // Recovery: validate every undelivered entry so a torn tail from a crash cannot stall delivery.
  let segments = listSegments(dir);
  const positionFile = openCommittedPosition(dir);
  const stored = positionFile.initial;
  let committed: SpoolPosition = stored !== null && segments.includes(stored.segment) ? stored : { segment: segments[0] ?? 0, offset: 0 };
  const sizes = new Map<number, number>();
  let recoveredEntries = 0;
  let corruptEntries = 0;
  let bytesDiscarded = 0;
  for (const segment of segments) {
    if (segment < committed.segment) {
      rmSync(segmentPath(dir, segment), { force: true });
      continue;
    }
    const scan = recoverSegment(segmentPath(dir, segment), segment === committed.segment ? committed.offset : 0, maxPayload, true);
    sizes.set(segment, scan.validEnd);
    recoveredEntries += scan.entries;
    if (scan.corruption !== null) {
      corruptEntries += 1;
      bytesDiscarded += scan.corruption.bytesDiscarded;
      logger.error({ segment, ...scan.corruption }, 'spool: corrupt entry found on recovery; the rest of that segment was discarded');
    }
  }
  segments = segments.filter((segment) => segment >= committed.segment);
  if (segments.length === 0) segments = [committed.segment];
  if (committed.offset > (sizes.get(committed.segment) ?? 0)) committed = { segment: committed.segment, offset: sizes.get(committed.segment) ?? 0 };

  let activeSegment = segments[segments.length - 1] ?? 0;
  let activeFd = openSync(segmentPath(dir, activeSegment), 'a');
  let activeSize = statSync(segmentPath(dir, activeSegment)).size;
  sizes.set(activeSegment, activeSize);
  let pending = [...sizes.entries()].reduce((sum, [segment, size]) => sum + size - (segment === committed.segment ? committed.offset : 0), 0);
  let buffered: Buffer[] = [];
  let unsynced = false;
  let closed = false;

  let readPosition: SpoolPosition = committed;
  const readFrom = createSegmentReader({ dir, maxPayload, sizeOf: (segment) => sizes.get(segment) ?? 0, activeSegment: () => activeSegment });

  const flushWrites = (): void => {
    if (buffered.length === 0 || closed) return;
    const data = buffered.length === 1 ? (buffered[0] as Buffer) : Buffer.concat(buffered);
    buffered = [];
    let written = 0;
    while (written < data.length) written += writeSync(activeFd, data, written);
    activeSize += data.length;
    sizes.set(activeSegment, activeSize);
    if (fsync === 'always') fsyncSync(activeFd);
    else unsynced = true;
    if (activeSize >= segmentBytes) roll();
  };

  const roll = (): void => {
    if (fsync !== 'never') fsyncSync(activeFd);
    closeSync(activeFd);
    activeSegment += 1;
    activeFd = openSync(segmentPath(dir, activeSegment), 'a');
    activeSize = 0;
    sizes.set(activeSegment, 0);
    segments.push(activeSegment);
    unsynced = false;
  };

  return {
    recovery: { entries: recoveredEntries, corruptEntries, bytesDiscarded },

    append(payload) {
      const entry = encodeEntry(payload);
      if (pending + entry.length > maxBytes) return false;
      pending += entry.length;
      buffered.push(entry);
      // Small appends are coalesced into one write per turn of the event loop.
      if (buffered.length === 1) setImmediate(flushWrites);
      return true;
    },

    read(maxEntries, maxBytesWanted) {
      flushWrites();
      const batch = readFrom.read(readPosition, maxEntries, maxBytesWanted);
      if (batch !== null) readPosition = batch.end;
      return batch;
    },

    commit(position) {
      const freed = distance(committed, position);
      committed = position;
      pending -= freed;
      positionFile.write(committed);
      for (const segment of [...segments]) {
        if (segment >= committed.segment) break;
        rmSync(segmentPath(dir, segment), { force: true });
        sizes.delete(segment);
        segments.shift();
      }
    },

    rewind() {
      readPosition = committed;
    },

    pendingBytes() {
      return pending;
    },

    sync() {
      flushWrites();
      if (unsynced && fsync === 'interval' && pending > 0) fsyncSync(activeFd);
      unsynced = false;
    },

    close() {
      if (closed) return;
      try {
        flushWrites();
        readFrom.close();
        if (fsync !== 'never') fsyncSync(activeFd);
        closeSync(activeFd);
        positionFile.close();
      } finally {
        closed = true;
        releaseLock();
      }
    },
  };

  function distance(from: SpoolPosition, to: SpoolPosition): number {
    if (from.segment === to.segment) return to.offset - from.offset;
    let total = (sizes.get(from.segment) ?? 0) - from.offset;
    for (let segment = from.segment + 1; segment < to.segment; segment += 1) total += sizes.get(segment) ?? 0;
    return total + to.offset;
  }
}
