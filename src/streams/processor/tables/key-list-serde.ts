import type { Serde } from '../../serde.js';
import { andThen, mapInOrder } from '../../task/maybe-async.js';

/**
 * A list of keys, each written with the keys' own serde (a JSON array of base64 strings): how a
 * join's subscription stores keep "which rows refer to this key" for keys of any type.
 */
export function keyListSerde<K>(keySerde: Serde<K>): Serde<readonly K[]> {
  return {
    serialize: (keys, topic) => andThen(mapInOrder(keys, (key) => keySerde.serialize(key, topic)), (buffers) => Buffer.from(JSON.stringify(buffers.map((bytes) => bytes.toString('base64'))), 'utf8')),
    deserialize: (bytes, topic) => {
      const encoded: unknown = JSON.parse(bytes.toString('utf8'));
      if (!Array.isArray(encoded) || !encoded.every((item) => typeof item === 'string')) throw new TypeError('a key list must be a JSON array of base64 strings');
      return mapInOrder(encoded as string[], (item) => keySerde.deserialize(Buffer.from(item, 'base64'), topic));
    },
  };
}
