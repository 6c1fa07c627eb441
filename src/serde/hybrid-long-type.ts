import avro from 'avsc';

/**
 * avsc decodes Avro `long` to a JavaScript number and silently rounds past 2^53. Every Avro type in
 * this project is built with this long instead: a number while it is a safe integer, a bigint beyond,
 * so D-Bus int64 values survive exactly and ordinary longs (sequence numbers, timestamps) stay numbers.
 */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function toBigInt(value: unknown): bigint {
  return typeof value === 'bigint' ? value : BigInt(value as number);
}

export const hybridLongType: avro.Type = avro.types.LongType.__with({
  fromBuffer(buffer: Buffer): number | bigint {
    const value = buffer.readBigInt64LE(0);
    return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
  },
  toBuffer(value: number | bigint): Buffer {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(toBigInt(value));
    return buffer;
  },
  fromJSON(json: unknown): number | bigint {
    return typeof json === 'string' ? BigInt(json) : (json as number);
  },
  toJSON(value: number | bigint): number | string {
    return typeof value === 'bigint' ? value.toString() : value;
  },
  isValid(value: unknown): boolean {
    if (typeof value === 'number') return Number.isSafeInteger(value);
    return typeof value === 'bigint' && value >= -(2n ** 63n) && value < 2n ** 63n;
  },
  compare(left: number | bigint, right: number | bigint): number {
    const a = toBigInt(left);
    const b = toBigInt(right);
    return a === b ? 0 : a < b ? -1 : 1;
  },
});

/** avsc `typeHook` that swaps every plain long (including timestamp-millis) for {@link hybridLongType}. */
export function useHybridLong(schema: avro.Schema): avro.Type | undefined {
  if (schema === 'long') return hybridLongType;
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema) && (schema as { type?: unknown }).type === 'long') {
    return hybridLongType;
  }
  return undefined;
}

/** Options for every avsc `Type.forSchema` call in this project. */
export const AVRO_TYPE_OPTIONS = { typeHook: useHybridLong, wrapUnions: 'auto' } as const;

export function avroTypeFor(schema: avro.Schema): avro.Type {
  return avro.Type.forSchema(schema, { ...AVRO_TYPE_OPTIONS });
}
