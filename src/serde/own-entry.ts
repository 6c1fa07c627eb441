/**
 * `record[key] = value` as an ordinary own, enumerable entry, also for the key "__proto__": plain
 * assignment of that key changes the object's prototype instead, so the entry would vanish. Keys
 * here come from D-Bus (any member name or dict key) and from HTTP bodies, so any string occurs.
 */
export function setOwnEntry<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
