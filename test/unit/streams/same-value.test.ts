import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sameValue } from '../../../src/streams/index.js';

test('sameValue is structural, ignores key order and undefined properties', () => {
  assert.equal(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), true);
  assert.equal(sameValue({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(sameValue({ a: 1 }, { a: 2 }), false);
  assert.equal(sameValue([1, 2], [2, 1]), false);
  assert.equal(sameValue({ a: [] }, { a: {} }), false);
  assert.equal(sameValue(null, {}), false);
  assert.equal(sameValue(1n, 1n), true);
});

test('sameValue agrees with comparing canonical JSON on JSON values', () => {
  const canonical = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      assert.equal(sameValue(a, b), canonical(a) === canonical(b));
      assert.equal(sameValue(a, structuredClone(a)), true);
    }),
  );
});
