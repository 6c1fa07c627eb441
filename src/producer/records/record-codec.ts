import { avroTypeFor, rawFromAvro, rawKeyOf, rawToAvro, readSchemaFile, type RawPropertyChange, type RawPropertyChangeKey } from '../../serde/index.js';
import type { AvroRawPropertyChange } from '../../serde/index.js';

/**
 * A record as it sits in the spool: the Avro bodies of key and value, without the registry's
 * 5-byte header. Encoding here (not at delivery) means bad values are found while the record is
 * still in hand, and delivery needs no registry until it actually sends (only the schema ids).
 * Payload layout: `[u32 BE key length][key body][value body]`.
 */
export interface EncodedRecord {
  readonly key: Buffer;
  readonly value: Buffer;
}

export interface RecordCodec {
  /** Throws when the record cannot be encoded (see {@link encodeLeniently} for the forgiving path). */
  encode(record: RawPropertyChange): EncodedRecord;
  decode(encoded: EncodedRecord): { key: RawPropertyChangeKey; value: RawPropertyChange };
}

export function createRecordCodec(): RecordCodec {
  const keyType = avroTypeFor(readSchemaFile('raw-property-change-key.avsc'));
  const valueType = avroTypeFor(readSchemaFile('raw-property-change-value.avsc'));
  return {
    encode: (record) => ({ key: keyType.toBuffer(rawKeyOf(record)), value: valueType.toBuffer(rawToAvro(record)) }),
    decode: (encoded) => ({
      key: keyType.fromBuffer(encoded.key) as RawPropertyChangeKey,
      value: rawFromAvro(valueType.fromBuffer(encoded.value) as AvroRawPropertyChange),
    }),
  };
}

export function packPayload(encoded: EncodedRecord): Buffer {
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32BE(encoded.key.length, 0);
  return Buffer.concat([header, encoded.key, encoded.value]);
}

export function unpackPayload(payload: Buffer): EncodedRecord {
  const keyLength = payload.readUInt32BE(0);
  return { key: payload.subarray(4, 4 + keyLength), value: payload.subarray(4 + keyLength) };
}
