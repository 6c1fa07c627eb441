import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { parseEntry } from './entry-format.js';

export interface SegmentScan {
  /** Bytes of whole, valid entries from `from` on (the end of the readable data). */
  readonly validEnd: number;
  readonly entries: number;
  /** Set when the scan stopped at a bad entry rather than at the end of the file. */
  readonly corruption: { readonly offset: number; readonly reason: string; readonly bytesDiscarded: number } | null;
}

const CHUNK = 1 << 20;

/**
 * Walks the entries of one segment from `from` and, when `truncate` is set, cuts the file after the
 * last valid entry. A torn or corrupt entry cannot be trusted to say where the next one starts,
 * so everything after it in this segment is discarded (and reported, never silently).
 */
export function recoverSegment(path: string, from: number, maxPayload: number, truncate: boolean): SegmentScan {
  const fd = openSync(path, truncate ? 'r+' : 'r');
  try {
    const size = fstatSync(fd).size;
    let offset = from;
    let entries = 0;
    let buffer = Buffer.allocUnsafe(CHUNK);
    while (offset < size) {
      const wanted = Math.min(buffer.length, size - offset);
      const read = readSync(fd, buffer, 0, wanted, offset);
      const chunk = buffer.subarray(0, read);
      let position = 0;
      let stop: { reason: string } | null = null;
      for (;;) {
        const parsed = parseEntry(chunk, position, maxPayload);
        if (parsed.status === 'ok') {
          position += parsed.size;
          entries += 1;
          continue;
        }
        if (parsed.status === 'corrupt') stop = { reason: parsed.reason };
        else if (offset + position === size) break;
        else if (offset + position + parsed.needed > size) stop = { reason: `truncated entry (${size - offset - position} of ${parsed.needed} bytes)` };
        else if (position === 0) buffer = Buffer.allocUnsafe(parsed.needed);
        break;
      }
      offset += position;
      if (stop !== null) {
        if (truncate) ftruncateSync(fd, offset);
        return { validEnd: offset, entries, corruption: { offset, reason: stop.reason, bytesDiscarded: size - offset } };
      }
    }
    return { validEnd: offset, entries, corruption: null };
  } finally {
    closeSync(fd);
  }
}
