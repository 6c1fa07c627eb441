import { DecodeError } from './decode-error.js';

/**
 * The Confluent wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
 * integer, then the Avro binary body.
 */
export const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;

export interface FramedPayload {
  readonly schemaId: number;
  readonly body: Buffer;
}

export function frame(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

export function unframe(bytes: Buffer | null): FramedPayload {
  if (bytes === null || bytes.length === 0) throw new DecodeError('DECODE_TRUNCATED', 'empty payload: no Confluent wire-format header');
  if (bytes[0] !== MAGIC_BYTE) {
    throw new DecodeError('DECODE_WRONG_MAGIC_BYTE', `wrong magic byte 0x${bytes[0]?.toString(16).padStart(2, '0')}: not the Confluent wire format (expected 0x00)`);
  }
  if (bytes.length < HEADER_LENGTH) throw new DecodeError('DECODE_TRUNCATED', `payload of ${bytes.length} bytes is shorter than the 5-byte header`);
  return { schemaId: bytes.readInt32BE(1), body: bytes.subarray(HEADER_LENGTH) };
}
