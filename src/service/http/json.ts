/**
 * JSON for HTTP answers: store values may hold bigints (D-Bus `x`/`t`) and Buffers, which
 * `JSON.stringify` refuses or bloats. A bigint becomes a number when it is safe, else a decimal
 * string; a Buffer becomes base64.
 *
 * @example toJson({ size: 2n ** 64n }) // '{"size":"18446744073709551616"}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, current: unknown): unknown {
    const original = (this as Record<string, unknown>)[key];
    if (typeof original === 'bigint') return original >= BigInt(Number.MIN_SAFE_INTEGER) && original <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(original) : original.toString();
    if (Buffer.isBuffer(original)) return original.toString('base64');
    return current;
  });
}
