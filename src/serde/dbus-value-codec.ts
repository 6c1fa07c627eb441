import { GlusterEventingError } from '../errors/index.js';
import { parseSignature, type BasicTypeCode, type DbusType } from './dbus-signature.js';
import type { DbusJsValue, DbusVariantValue, TypedDbusValue } from './dbus-value.js';

/**
 * Lossless mapping between D-Bus values and the Avro `io.gluster.eventing.dbus.DbusValue` record
 * (schemas/raw-property-change-value.avsc). The signature drives both directions, so the Avro form
 * never has to guess: a `u` travels in the long branch, a `t` as 8 big-endian bytes, an `ay` as bytes.
 */
const NS = 'io.gluster.eventing.dbus.';
const UINT64 = `${NS}UInt64`;
const ARRAY = `${NS}DbusArray`;
const DICT = `${NS}DbusDict`;
const STRUCT = `${NS}DbusStruct`;
const VARIANT = `${NS}DbusVariant`;

/** The Avro form of one DbusValue, with avsc's wrapped union for `value`. */
export interface AvroDbusValue {
  readonly signature: string;
  readonly value: AvroDbusBranch;
}

export type AvroDbusBranch =
  | { readonly boolean: boolean }
  | { readonly int: number }
  | { readonly long: number | bigint }
  | { readonly [UINT64]: Buffer }
  | { readonly double: number }
  | { readonly string: string }
  | { readonly bytes: Buffer }
  | { readonly [ARRAY]: { readonly items: readonly AvroDbusValue[] } }
  | { readonly [DICT]: { readonly entries: readonly { readonly key: AvroDbusValue; readonly value: AvroDbusValue }[] } }
  | { readonly [STRUCT]: { readonly fields: readonly AvroDbusValue[] } }
  | { readonly [VARIANT]: { readonly value: AvroDbusValue } };

const INTEGER_RANGES: Record<'y' | 'n' | 'q' | 'i' | 'u' | 'h', readonly [number, number]> = {
  y: [0, 0xff],
  n: [-0x8000, 0x7fff],
  q: [0, 0xffff],
  i: [-0x80000000, 0x7fffffff],
  u: [0, 0xffffffff],
  h: [0, 0xffffffff],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export function toAvroDbusValue(typed: TypedDbusValue): AvroDbusValue {
  return encode(parseSignature(typed.signature), typed.value, typed.signature);
}

export function fromAvroDbusValue(avro: AvroDbusValue): TypedDbusValue {
  return { signature: avro.signature, value: decode(avro) };
}

function encode(type: DbusType, value: DbusJsValue, path: string): AvroDbusValue {
  const signature = type.signature;
  switch (type.kind) {
    case 'basic':
      return { signature, value: encodeBasic(type.code, value, path) };
    case 'variant': {
      const inner = asVariant(value, path);
      return { signature, value: { [VARIANT]: { value: toAvroDbusValue(inner) } } };
    }
    case 'array': {
      if (type.element.kind === 'basic' && type.element.code === 'y') {
        return { signature, value: { bytes: asBytes(value, path) } };
      }
      const items = asArray(value, path).map((item, index) => encode(type.element, item, `${path}[${index}]`));
      return { signature, value: { [ARRAY]: { items } } };
    }
    case 'dict': {
      const entries = dictEntries(value, path).map(([key, entryValue]) => ({
        key: encode(type.key, dictKeyFromString(type.key, key, path), `${path}.key`),
        value: encode(type.value, entryValue, `${path}[${key}]`),
      }));
      return { signature, value: { [DICT]: { entries } } };
    }
    case 'struct': {
      const members = asArray(value, path);
      if (members.length !== type.fields.length) throw mismatch(path, signature, value);
      const fields = type.fields.map((fieldType, index) => encode(fieldType, members[index] as DbusJsValue, `${path}.${index}`));
      return { signature, value: { [STRUCT]: { fields } } };
    }
  }
}

function encodeBasic(code: BasicTypeCode, value: DbusJsValue, path: string): AvroDbusBranch {
  switch (code) {
    case 'b':
      if (typeof value !== 'boolean') throw mismatch(path, code, value);
      return { boolean: value };
    case 'y':
    case 'n':
    case 'q':
    case 'i':
    case 'h': {
      const number = asInteger(value, code, path);
      return { int: number };
    }
    case 'u':
      return { long: asInteger(value, code, path) };
    case 'x': {
      const big = asBigInt(value, code, path);
      if (big < INT64_MIN || big > INT64_MAX) throw mismatch(path, code, value);
      return { long: Number.isSafeInteger(Number(big)) ? Number(big) : big };
    }
    case 't': {
      const big = asBigInt(value, code, path);
      if (big < 0n || big > UINT64_MAX) throw mismatch(path, code, value);
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64BE(big);
      return { [UINT64]: bytes };
    }
    case 'd':
      if (typeof value !== 'number') throw mismatch(path, code, value);
      return { double: value };
    case 's':
    case 'o':
    case 'g':
      if (typeof value !== 'string') throw mismatch(path, code, value);
      return { string: value };
  }
}

function decode(avro: AvroDbusValue): DbusJsValue {
  const branch = avro.value as Record<string, unknown>;
  const [name, content] = Object.entries(branch)[0] ?? [];
  const code = avro.signature[0];
  switch (name) {
    case 'boolean':
    case 'int':
    case 'double':
    case 'string':
      return content as DbusJsValue;
    case 'long': {
      const long = content as number | bigint;
      return code === 'x' ? BigInt(long) : Number(long);
    }
    case 'bytes':
      return Buffer.from(content as Buffer);
    case UINT64:
      return (content as Buffer).readBigUInt64BE(0);
    case ARRAY:
      return (content as { items: AvroDbusValue[] }).items.map(decode);
    case STRUCT:
      return (content as { fields: AvroDbusValue[] }).fields.map(decode);
    case DICT: {
      // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary entry.
      const entries = (content as { entries: { key: AvroDbusValue; value: AvroDbusValue }[] }).entries;
      return Object.fromEntries(entries.map((entry) => [String(decode(entry.key)), decode(entry.value)]));
    }
    case VARIANT: {
      const inner = (content as { value: AvroDbusValue }).value;
      const variant: DbusVariantValue = { signature: inner.signature, value: decode(inner) };
      return variant;
    }
    default:
      throw new GlusterEventingError('DECODE_SCHEMA_MISMATCH', `DbusValue with signature ${avro.signature} has no known branch (${String(name)})`);
  }
}

function dictEntries(value: DbusJsValue, path: string): [string, DbusJsValue][] {
  if (value instanceof Map) return [...(value as Map<unknown, DbusJsValue>).entries()].map(([key, entry]) => [String(key), entry]);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) throw mismatch(path, 'a{..}', value);
  return Object.entries(value as Record<string, DbusJsValue>);
}

function dictKeyFromString(keyType: DbusType, key: string, path: string): DbusJsValue {
  if (keyType.kind !== 'basic') throw mismatch(path, 'basic key', key);
  switch (keyType.code) {
    case 'x':
    case 't':
      return BigInt(key);
    case 'b':
      return key === 'true';
    case 's':
    case 'o':
    case 'g':
      return key;
    default:
      return Number(key);
  }
}

function asVariant(value: DbusJsValue, path: string): DbusVariantValue {
  if (typeof value === 'object' && value !== null && 'signature' in value && 'value' in value) {
    const candidate = value as { signature: unknown; value: unknown };
    if (typeof candidate.signature === 'string') return { signature: candidate.signature, value: candidate.value as DbusJsValue };
  }
  throw mismatch(path, 'v', value);
}

function asArray(value: DbusJsValue, path: string): readonly DbusJsValue[] {
  if (!Array.isArray(value)) throw mismatch(path, 'array', value);
  return value as readonly DbusJsValue[];
}

function asBytes(value: DbusJsValue, path: string): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value) && value.every((byte) => Number.isInteger(byte) && (byte as number) >= 0 && (byte as number) <= 255)) {
    return Buffer.from(value as number[]);
  }
  throw mismatch(path, 'ay', value);
}

function asInteger(value: DbusJsValue, code: keyof typeof INTEGER_RANGES, path: string): number {
  const number = typeof value === 'bigint' ? Number(value) : value;
  const [min, max] = INTEGER_RANGES[code];
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) throw mismatch(path, code, value);
  return number;
}

function asBigInt(value: DbusJsValue, code: string, path: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw mismatch(path, code, value);
}

function mismatch(path: string, expected: string, value: unknown): GlusterEventingError {
  const shown = typeof value === 'bigint' ? `${value}n` : Buffer.isBuffer(value) ? `Buffer(${value.length})` : JSON.stringify(value)?.slice(0, 80);
  return new GlusterEventingError('DBUS_VALUE_UNSUPPORTED', `D-Bus value at ${path} does not fit signature ${expected}: ${shown}`);
}
