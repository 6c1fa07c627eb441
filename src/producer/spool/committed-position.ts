import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { readLegacyCommitted, type SpoolPosition } from './spool-files.js';

/** The delivered position of a spool directory; one open file, rewritten in place after every delivered batch. */
export interface CommittedPosition {
  /** The newest position written, null when none was (or it is unreadable: start at the oldest segment). */
  readonly initial: SpoolPosition | null;
  /** After `close` a no-op (a send that outlived the shutdown): the position stays older, so those records come again. */
  write(position: SpoolPosition): void;
  close(): void;
}

const FILE = 'committed.pos';
const SLOT_BYTES = 32;

/**
 * `committed.pos` holds two 32-byte slots, `[u64 generation][u64 segment][u64 offset][u32 CRC-32 of
 * the 24 bytes before][u32 0]`; each write goes to the slot of the older generation with one
 * positioned write, and reading takes the valid slot of the newest generation. A torn write
 * (power loss) spoils at most the slot being written, so the previous position survives.
 *
 * Why not write-then-rename a JSON file, as before: on ext4 a rename over an existing file forces
 * the new file's blocks out (auto_da_alloc), about a millisecond per delivered batch on the
 * delivery path, the producer's largest CPU cost at low rates. Not fsynced, as before: losing the
 * newest position (power loss only; a killed process keeps the page cache) re-delivers a few
 * records, which consumers drop by (sessionId, sequence). Re-delivery is the safe direction.
 *
 * A directory written by an earlier version (`committed.json`) is read once; the JSON file is
 * removed when the first position is written here.
 */
export function openCommittedPosition(dir: string): CommittedPosition {
  const path = join(dir, FILE);
  const slots = existsSync(path) ? readSlots(readFileSync(path)) : [];
  const newest = slots.sort((a, b) => (a.generation < b.generation ? 1 : -1))[0];
  const legacy = newest === undefined ? readLegacyCommitted(dir) : null;
  let generation = newest?.generation ?? 0n;
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  const slot = Buffer.alloc(SLOT_BYTES);
  let closed = false;

  return {
    initial: newest?.position ?? legacy,
    write(position) {
      // Never write through a closed descriptor: its number may already belong to another file.
      if (closed) return;
      generation += 1n;
      slot.writeBigUInt64BE(generation, 0);
      slot.writeBigUInt64BE(BigInt(position.segment), 8);
      slot.writeBigUInt64BE(BigInt(position.offset), 16);
      slot.writeUInt32BE(crc32(slot.subarray(0, 24)), 24);
      writeSync(fd, slot, 0, SLOT_BYTES, Number(generation % 2n) * SLOT_BYTES);
      if (generation === 1n) rmSync(join(dir, 'committed.json'), { force: true });
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

function readSlots(data: Buffer): { generation: bigint; position: SpoolPosition }[] {
  const slots: { generation: bigint; position: SpoolPosition }[] = [];
  for (let start = 0; start + SLOT_BYTES <= data.length && start < 2 * SLOT_BYTES; start += SLOT_BYTES) {
    const slot = data.subarray(start, start + SLOT_BYTES);
    if (crc32(slot.subarray(0, 24)) !== slot.readUInt32BE(24)) continue;
    const generation = slot.readBigUInt64BE(0);
    const segment = Number(slot.readBigUInt64BE(8));
    const offset = Number(slot.readBigUInt64BE(16));
    if (generation > 0n && Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) slots.push({ generation, position: { segment, offset } });
  }
  return slots;
}
