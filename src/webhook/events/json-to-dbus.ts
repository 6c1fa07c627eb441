import { setOwnEntry, type DbusJsValue, type TypedDbusValue } from '../../serde/index.js';

/**
 * Types one JSON value the way D-Bus would carry it, so event fields sit in the raw contract next
 * to bus properties: string `s`, boolean `b`, safe integer `x` (int64, as bigint), other number `d`,
 * array `a<T>` when every element has the same signature (`as`, `aas` for VOLUME_SET's pairs; an
 * empty array is `as`) else `av`, object `a{sv}`. Returns null for `null` (D-Bus has no null), and
 * for integers beyond 2^53 (JSON.parse already lost their exact value, so we do not pretend).
 *
 * @example jsonToDbus([['performance.cache-size', '32MB']]) // { signature: 'aas', value: [['performance.cache-size', '32MB']] }
 */
export function jsonToDbus(value: unknown): TypedDbusValue | null {
  if (typeof value === 'string') return { signature: 's', value };
  if (typeof value === 'boolean') return { signature: 'b', value };
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return { signature: 'x', value: BigInt(value) };
    return Number.isFinite(value) && !Number.isInteger(value) ? { signature: 'd', value } : null;
  }
  if (Array.isArray(value)) return arrayToDbus(value);
  if (typeof value === 'object' && value !== null) {
    const entries: Record<string, DbusJsValue> = {};
    for (const [key, member] of Object.entries(value)) {
      const typed = jsonToDbus(member);
      if (typed !== null) setOwnEntry(entries, key, typed);
    }
    return { signature: 'a{sv}', value: entries };
  }
  return null;
}

function arrayToDbus(items: readonly unknown[]): TypedDbusValue | null {
  const typed: TypedDbusValue[] = [];
  for (const item of items) {
    const one = jsonToDbus(item);
    if (one === null) return null;
    typed.push(one);
  }
  const first = typed[0];
  if (first === undefined) return { signature: 'as', value: [] };
  if (typed.every((one) => one.signature === first.signature)) return { signature: `a${first.signature}`, value: typed.map((one) => one.value) };
  return { signature: 'av', value: typed };
}
