import { crc32 } from 'node:zlib';

/**
 * One spool entry on disk: `[u32 BE payload length][u32 BE CRC-32 of the payload][payload]`.
 * The checksum is what lets recovery tell a torn write (the process died mid-append) from a
 * record: the first entry whose length or checksum does not hold ends the readable data.
 */
export const ENTRY_HEADER_BYTES = 8;

export function encodeEntry(payload: Buffer): Buffer {
  const entry = Buffer.allocUnsafe(ENTRY_HEADER_BYTES + payload.length);
  entry.writeUInt32BE(payload.length, 0);
  entry.writeUInt32BE(crc32(payload), 4);
  payload.copy(entry, ENTRY_HEADER_BYTES);
  return entry;
}

export type ParsedEntry =
  | { readonly status: 'ok'; readonly payload: Buffer; readonly size: number }
  /** Not enough bytes yet for a whole entry (read more, or a torn tail). */
  | { readonly status: 'incomplete'; readonly needed: number }
  | { readonly status: 'corrupt'; readonly reason: string };

/** Parses the entry starting at `offset` of `chunk`; `maxPayload` rejects absurd lengths from garbage. */
export function parseEntry(chunk: Buffer, offset: number, maxPayload: number): ParsedEntry {
  if (chunk.length - offset < ENTRY_HEADER_BYTES) return { status: 'incomplete', needed: ENTRY_HEADER_BYTES };
  const length = chunk.readUInt32BE(offset);
  if (length > maxPayload) return { status: 'corrupt', reason: `length ${length} exceeds ${maxPayload}` };
  const size = ENTRY_HEADER_BYTES + length;
  if (chunk.length - offset < size) return { status: 'incomplete', needed: size };
  const payload = chunk.subarray(offset + ENTRY_HEADER_BYTES, offset + size);
  if (crc32(payload) !== chunk.readUInt32BE(offset + 4)) return { status: 'corrupt', reason: 'checksum mismatch' };
  return { status: 'ok', payload, size };
}
