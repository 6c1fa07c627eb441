/**
 * How a topic's bytes become typed values and back. Serdes are injected per source, sink and store;
 * the runtime never guesses a format. `deserialize` may throw (or reject) for bad bytes: the runtime
 * treats any such failure as a dead-letter case, keeping the original bytes (see `task/dead-letter.ts`).
 * Errors that carry a string `code` (e.g. `DECODE_TRUNCATED` from a schema-registry serde) keep it
 * in the dead-letter headers.
 *
 * @example
 * const orders = builder.stream('orders', { key: stringSerde, value: jsonSerde<Order>() });
 */
export interface Serde<T> {
  serialize(value: T, topic: string): Promise<Buffer> | Buffer;
  deserialize(bytes: Buffer, topic: string): Promise<T> | T;
}

/** Keys use the same contract; the alias says which side of the record a serde is for. */
export type KeySerde<K> = Serde<K>;

/** UTF-8 strings. */
export const stringSerde: Serde<string> = {
  serialize: (value) => Buffer.from(value, 'utf8'),
  deserialize: (bytes) => bytes.toString('utf8'),
};

/** Bytes as they are. */
export const bufferSerde: Serde<Buffer> = {
  serialize: (value) => value,
  deserialize: (bytes) => bytes,
};

/**
 * JSON, for tests and internal topics. The optional guard turns "parses but is not a T" into a
 * deserialize failure (so it dead-letters instead of reaching an operator with the wrong shape).
 */
export function jsonSerde<T>(guard?: (value: unknown) => value is T): Serde<T> {
  return {
    serialize: (value) => Buffer.from(JSON.stringify(value), 'utf8'),
    deserialize: (bytes) => {
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      if (guard !== undefined && !guard(parsed)) throw new TypeError('JSON value does not match the expected shape');
      return parsed as T;
    },
  };
}
