import type { RawPropertyChange } from '../../serde/index.js';
import type { EncodedRecord, RecordCodec } from './record-codec.js';

export interface LenientEncoding {
  readonly encoded: EncodedRecord;
  /** The record that was encoded: equal to the input unless properties had to be left out. */
  readonly record: RawPropertyChange;
  readonly unencodable: readonly string[];
  readonly oversize: readonly string[];
}

/**
 * Encodes a record, keeping it whenever any of it can be kept: a property whose value the codec
 * rejects, or the largest values of a record above `maxValueBytes` (Kafka would refuse it and stall
 * delivery forever), are left out and their names added to `invalidated` — the schema's meaning
 * of "changed, value not carried" — so consumers know to distrust what they hold.
 */
export function encodeLeniently(codec: RecordCodec, record: RawPropertyChange, maxValueBytes: number): LenientEncoding {
  let current = record;
  const unencodable: string[] = [];
  let encoded = tryEncode(codec, current);
  if (encoded === null) {
    for (const [name, typed] of Object.entries(record.properties)) {
      if (tryEncode(codec, { ...record, properties: { [name]: typed }, invalidated: [] }) === null) unencodable.push(name);
    }
    current = without(record, unencodable);
    encoded = codec.encode(current);
  }
  const oversize: string[] = [];
  if (encoded.value.length > maxValueBytes) {
    const bySize = Object.entries(current.properties)
      .map(([name, typed]) => ({ name, size: codec.encode({ ...current, properties: { [name]: typed }, invalidated: [] }).value.length }))
      .sort((a, b) => b.size - a.size);
    for (const { name } of bySize) {
      oversize.push(name);
      current = without(record, [...unencodable, ...oversize]);
      encoded = codec.encode(current);
      if (encoded.value.length <= maxValueBytes) break;
    }
  }
  return { encoded, record: current, unencodable, oversize };
}

function tryEncode(codec: RecordCodec, record: RawPropertyChange): EncodedRecord | null {
  try {
    return codec.encode(record);
  } catch {
    return null;
  }
}

function without(record: RawPropertyChange, names: readonly string[]): RawPropertyChange {
  const properties = Object.fromEntries(Object.entries(record.properties).filter(([name]) => !names.includes(name)));
  const invalidated = [...record.invalidated, ...names.filter((name) => !record.invalidated.includes(name))];
  return { ...record, properties, invalidated };
}
