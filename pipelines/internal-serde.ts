import type { Serde } from '../src/streams/index.js';

/**
 * JSON for repartition topics and state stores, which hold raw records with D-Bus values: bigints
 * (`x`, `t`) and Buffers (`ay`) are tagged so they come back as what they were. These topics are
 * internal (read only by this application), so JSON's tolerance of added fields is what matters for
 * rolling upgrades, not a registry.
 */
const BIGINT = '$bigint';
const BYTES = '$bytes';

function replacer(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (typeof original === 'bigint') return { [BIGINT]: original.toString() };
  if (Buffer.isBuffer(original)) return { [BYTES]: original.toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const tagged = value as Record<string, unknown>;
    const keys = Object.keys(tagged);
    if (keys.length === 1 && typeof tagged[BIGINT] === 'string') return BigInt(tagged[BIGINT]);
    if (keys.length === 1 && typeof tagged[BYTES] === 'string') return Buffer.from(tagged[BYTES], 'base64');
  }
  return value;
}

export function taggedJsonSerde<T>(): Serde<T> {
  return {
    serialize: (value) => Buffer.from(JSON.stringify(value, replacer), 'utf8'),
    deserialize: (bytes) => JSON.parse(bytes.toString('utf8'), reviver) as T,
  };
}
