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

/**
 * Reads whole entries from a position onwards, across segment boundaries. It only looks at bytes the
 * writer reports as written (`sizeOf`), so it never sees a half-appended entry. Stateless apart from
 * a reused read buffer; the spool keeps the read and committed positions.
 *
 * @example
 * const read = createSegmentReader({ dir, maxPayload, sizeOf: (s) => sizes.get(s) ?? 0, activeSegment: () => active });
 * const batch = read({ segment: 0, offset: 0 }, 100, 1 << 20); // null when nothing is there
 */
export function createSegmentReader(options: SegmentReaderOptions): (from: SpoolPosition, maxEntries: number, maxBytes: number) => SpoolBatch | null {
  const { dir, maxPayload, sizeOf } = options;
  let readBuffer = Buffer.allocUnsafe(64 * 1024);

  return (from, maxEntries, maxBytesWanted) => {
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
      const fd = openSync(segmentPath(dir, segment), 'r');
      let read: number;
      try {
        read = readSync(fd, readBuffer, 0, Math.min(want, readBuffer.length), offset);
      } finally {
        closeSync(fd);
      }
      const chunk = readBuffer.subarray(0, read);
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
}
