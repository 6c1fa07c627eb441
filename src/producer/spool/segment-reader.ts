import { closeSync, openSync, readSync } from 'node:fs';
import { SpoolCorruptError } from '../errors/spool-corrupt-error.js';
import { ENTRY_HEADER_BYTES, parseEntry } from './entry-format.js';
import { segmentPath, type SpoolPosition } from './spool-files.js';

export interface SpoolBatch {
  readonly payloads: readonly Buffer[];
  readonly bytes: number;
  /** Commit this to mark the batch delivered. */
  readonly end: SpoolPosition;
}

export interface SegmentReaderOptions {
  readonly dir: string;
  /** Rejects absurd entry lengths (garbage) instead of allocating them. */
  readonly maxPayload: number;
  /** Bytes written so far to `segment` (0 for an unknown one); owned by the writing side. */
  readonly sizeOf: (segment: number) => number;
  /** The segment appends currently go to: reading never walks past it. */
  readonly activeSegment: () => number;
}

export interface SegmentReader {
  /** Whole entries from `from` on; null when nothing is there. */
  read(from: SpoolPosition, maxEntries: number, maxBytes: number): SpoolBatch | null;
  /** Closes the segment file it keeps open. */
  close(): void;
}

/**
 * Reads whole entries from a position onwards, across segment boundaries. It only looks at bytes the
 * writer reports as written (`sizeOf`), so it never sees a half-appended entry. Apart from a reused
 * read buffer it keeps only the segment it read last open (an open, read and close per batch were
 * three syscalls per record at low rates); the spool keeps the read and committed positions.
 *
 * @example
 * const reader = createSegmentReader({ dir, maxPayload, sizeOf: (s) => sizes.get(s) ?? 0, activeSegment: () => active });
 * const batch = reader.read({ segment: 0, offset: 0 }, 100, 1 << 20); // null when nothing is there
 */
export function createSegmentReader(options: SegmentReaderOptions): SegmentReader {
  const { dir, maxPayload, sizeOf } = options;
  let readBuffer = Buffer.allocUnsafe(64 * 1024);
  let open: { readonly segment: number; readonly fd: number } | null = null;
  const fdOf = (segment: number): number => {
    if (open?.segment === segment) return open.fd;
    if (open !== null) closeSync(open.fd);
    open = null; // if the open below throws, nothing stale stays cached
    open = { segment, fd: openSync(segmentPath(dir, segment), 'r') };
    return open.fd;
  };

  const read = (from: SpoolPosition, maxEntries: number, maxBytesWanted: number): SpoolBatch | null => {
    let { segment, offset } = from;
    const payloads: Buffer[] = [];
    let bytes = 0;
    let full = false;
    while (!full && payloads.length < maxEntries && bytes < maxBytesWanted) {
      const size = sizeOf(segment);
      if (offset >= size) {
        if (segment >= options.activeSegment()) break;
        segment += 1;
        offset = 0;
        continue;
      }
      const want = Math.min(size - offset, Math.max(readBuffer.length, ENTRY_HEADER_BYTES));
      const bytesRead = readSync(fdOf(segment), readBuffer, 0, Math.min(want, readBuffer.length), offset);
      const chunk = readBuffer.subarray(0, bytesRead);
      let position = 0;
      while (payloads.length < maxEntries && bytes < maxBytesWanted) {
        const parsed = parseEntry(chunk, position, maxPayload);
        if (parsed.status === 'ok' && payloads.length > 0 && bytes + parsed.size > maxBytesWanted) {
          full = true;
          break;
        }
        if (parsed.status === 'ok') {
          // Copy: the read buffer is reused by the next read.
          payloads.push(Buffer.from(parsed.payload));
          position += parsed.size;
          bytes += parsed.size;
          continue;
        }
        if (parsed.status === 'incomplete' && position === 0) readBuffer = Buffer.allocUnsafe(parsed.needed);
        // Recovery validated everything on disk and appends are whole entries, so corruption here
        // means the file changed under us; stop handing out data rather than deliver garbage.
        if (parsed.status === 'corrupt') throw new SpoolCorruptError(segment, offset + position, parsed.reason);
        break;
      }
      offset += position;
    }
    return payloads.length === 0 ? null : { payloads, bytes, end: { segment, offset } };
  };

  return {
    read,
    close() {
      if (open !== null) closeSync(open.fd);
      open = null;
    },
  };
}
