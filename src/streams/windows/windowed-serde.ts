import type { Serde } from '../serde.js';
import { windowed, type Windowed } from './windowed.js';

const START_BYTES = 8;

/** Continues synchronously when the inner serde answered synchronously (as the task's own path does). */
function andThen<T, R>(value: T | Promise<T>, next: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Kafka Streams' `TimeWindowedSerde`: the inner key's bytes followed by the window start as a
 * big-endian 64-bit integer. The end is not written: it is the start plus the windows' size, which
 * the reader knows, as in Kafka Streams.
 *
 * @example windowedSerde(stringSerde, 3_600_000)
 */
export function windowedSerde<K>(inner: Serde<K>, windowSizeMs: number): Serde<Windowed<K>> {
  return {
    serialize: (value, topic) =>
      andThen(inner.serialize(value.key, topic), (keyBytes) => {
        const start = Buffer.alloc(START_BYTES);
        start.writeBigInt64BE(BigInt(value.window.start));
        return Buffer.concat([keyBytes, start]);
      }),
    deserialize: (bytes, topic) => {
      if (bytes.length < START_BYTES) throw new RangeError(`a windowed key needs at least ${START_BYTES} bytes, got ${bytes.length}`);
      const start = Number(bytes.readBigInt64BE(bytes.length - START_BYTES));
      return andThen(inner.deserialize(bytes.subarray(0, bytes.length - START_BYTES), topic), (key) => windowed(key, start, windowSizeMs));
    },
  };
}
