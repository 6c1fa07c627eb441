import dbus from 'dbus-next';

/**
 * Structural equality for values in dbus-next's shapes (primitives, bigint, Buffer, arrays,
 * `{ key: Variant }` dictionaries), so that an update which changes nothing emits nothing.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (a instanceof dbus.Variant && b instanceof dbus.Variant) return a.signature === b.signature && sameValue(a.value, b.value);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const keysA = Object.keys(a);
    const recordB = b as Record<string, unknown>;
    return keysA.length === Object.keys(b).length && keysA.every((key) => sameValue((a as Record<string, unknown>)[key], recordB[key]));
  }
  return false;
}
