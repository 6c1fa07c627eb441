/**
 * Structural equality of typed values (plain objects, arrays, primitives), for change suppression:
 * a processor that would forward or store a value equal to the one it holds can skip it, without
 * serializing either (Kafka Streams compares serialized bytes for emit-on-change; values here are
 * typed objects until the commit). Key order does not matter; `undefined` properties count as absent.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) if (!sameValue(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let leftKeys = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    leftKeys += 1;
    if (!Object.hasOwn(right, key) || !sameValue(left[key], right[key])) return false;
  }
  let rightKeys = 0;
  for (const key in right) if (right[key] !== undefined) rightKeys += 1;
  return leftKeys === rightKeys;
}
