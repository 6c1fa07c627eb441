import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  avroTypeFor,
  fromAvroDbusValue,
  rawFromAvro,
  rawToAvro,
  readSchemaFile,
  toAvroDbusValue,
  type DbusJsValue,
  type RawPropertyChange,
  type TypedDbusValue,
} from '../../../src/serde/index.js';
import { isErrorWithCode } from '../../../src/errors/index.js';

const rawValueType = avroTypeFor(readSchemaFile('raw-property-change-value.avsc'));

/** A D-Bus type with a generator of its values, built together so every value fits its signature. */
interface TypeAndValues {
  readonly signature: string;
  readonly values: fc.Arbitrary<DbusJsValue>;
}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const BASIC: readonly TypeAndValues[] = [
  { signature: 'y', values: fc.integer({ min: 0, max: 255 }) },
  { signature: 'b', values: fc.boolean() },
  { signature: 'n', values: fc.integer({ min: -0x8000, max: 0x7fff }) },
  { signature: 'q', values: fc.integer({ min: 0, max: 0xffff }) },
  { signature: 'i', values: fc.integer({ min: -0x80000000, max: 0x7fffffff }) },
  { signature: 'u', values: fc.integer({ min: 0, max: 0xffffffff }) },
  { signature: 'h', values: fc.integer({ min: 0, max: 0xffff }) },
  { signature: 'x', values: fc.bigInt(INT64) },
  { signature: 't', values: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
  { signature: 'd', values: fc.double() },
  { signature: 's', values: fc.string({ unit: 'binary' }) },
  { signature: 'o', values: fc.stringMatching(/^\/([A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*)?$/) },
  { signature: 'g', values: fc.constantFrom('s', 'a{sv}', 'aay', '(tto)') },
];
// Dict keys travel as object keys (strings); -0.0 as a double key would lose its sign, so keys here are the common kinds.
const DICT_KEYS = BASIC.filter((basic) => basic.signature !== 'd');

const typeAndValues: fc.Arbitrary<TypeAndValues> = fc.letrec<{ node: TypeAndValues }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...BASIC),
    fc.constant<TypeAndValues>({ signature: 'ay', values: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) }),
    // An array of bytes is always 'ay' and decodes as a Buffer (the codec also accepts number[] for it).
    tie('node')
      .filter((element) => element.signature !== 'y')
      .map((element) => ({ signature: `a${element.signature}`, values: fc.array(element.values, { maxLength: 4 }) })),
    fc.tuple(fc.constantFrom(...DICT_KEYS), tie('node')).map(([key, value]) => ({
      signature: `a{${key.signature}${value.signature}}`,
      values: fc
        .array(fc.tuple(key.values, value.values), { maxLength: 4 })
        .map((entries): DbusJsValue => Object.fromEntries(entries.map(([entryKey, entryValue]) => [String(entryKey), entryValue]))),
    })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((members) => ({
      signature: `(${members.map((member) => member.signature).join('')})`,
      // Spread: fast-check tuples may carry a clone symbol that deepStrictEqual would compare.
      values: fc.tuple(...members.map((member) => member.values)).map((tuple): DbusJsValue => [...tuple]),
    })),
    tie('node').map((inner) => ({
      signature: 'v',
      values: inner.values.map((value): DbusJsValue => ({ signature: inner.signature, value })),
    })),
  ),
})).node;

const typedValue: fc.Arbitrary<TypedDbusValue> = typeAndValues.chain((type) => type.values.map((value) => ({ signature: type.signature, value })));

function record(properties: Record<string, TypedDbusValue>): RawPropertyChange {
  return {
    nodeId: 'node-a',
    glusterUuid: null,
    sessionId: 's1',
    sequence: 7,
    observedAt: 1_795_503_416_000,
    busName: 'org.storaged.Storaged',
    objectPath: '/org/storaged/Storaged/glusterfs/volume/testvol',
    interface: 'org.storaged.Storaged.GlusterFS.Volume',
    kind: 'CHANGED',
    properties,
    invalidated: [],
  };
}

function roundTrip(value: RawPropertyChange): RawPropertyChange {
  return rawFromAvro(rawValueType.fromBuffer(rawValueType.toBuffer(rawToAvro(value))));
}

describe('D-Bus values through the Avro raw record', () => {
  test('every generated D-Bus value decodes to exactly what was encoded', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), typedValue, { maxKeys: 4, noNullPrototype: true }), (properties) => {
        assert.deepStrictEqual(roundTrip(record(properties)).properties, properties);
      }),
      { numRuns: Number(process.env["FC_RUNS"] ?? 400) },
    );
  });

  test('64-bit integers at and beyond 2^53 keep every bit', () => {
    const extremes: Record<string, TypedDbusValue> = {
      int64Min: { signature: 'x', value: -(2n ** 63n) },
      int64Max: { signature: 'x', value: 2n ** 63n - 1n },
      beyondSafe: { signature: 'x', value: 2n ** 53n + 1n },
      uint64Max: { signature: 't', value: 2n ** 64n - 1n },
      uint64High: { signature: 't', value: 2n ** 63n + 5n },
    };
    assert.deepStrictEqual(roundTrip(record(extremes)).properties, extremes);
  });

  test("udisks MountPoints (aay of NUL-terminated paths) round-trips byte for byte", () => {
    const mountPoints: TypedDbusValue = { signature: 'aay', value: [Buffer.from('/bricks/b1\0'), Buffer.from('/mnt/x\0')] };
    assert.deepStrictEqual(roundTrip(record({ MountPoints: mountPoints })).properties['MountPoints'], mountPoints);
  });

  test('a dict key named __proto__ stays an ordinary entry', () => {
    const dict: TypedDbusValue = { signature: 'a{ss}', value: Object.fromEntries([['__proto__', 'x'], ['a', 'b']]) };
    const decoded = fromAvroDbusValue(toAvroDbusValue(dict));
    assert.deepStrictEqual(Object.keys(decoded.value as object), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(decoded.value), Object.prototype);
  });

  // The properties are an Avro map, decoded by avsc (patched: infra/patches/avsc-map-proto-key.mjs).
  test('a D-Bus property named __proto__ survives the binary raw record as an ordinary property', () => {
    const properties: Record<string, TypedDbusValue> = Object.fromEntries([
      ['__proto__', { signature: 'y', value: 0 }],
      ['Name', { signature: 's', value: 'testvol' }],
    ]);
    const decoded = roundTrip(record(properties)).properties;
    assert.deepStrictEqual(Object.keys(decoded), ['__proto__', 'Name']);
    assert.deepStrictEqual(decoded, properties);
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
  });

  test('an LVM Structure a{sv} holding segs a(tto) keeps its nested types', () => {
    const structure: TypedDbusValue = {
      signature: 'a{sv}',
      value: { type: { signature: 's', value: 'linear' }, segs: { signature: 'a(tto)', value: [[0n, 1048576n, '/org/freedesktop/UDisks2/block_devices/sda1']] } },
    };
    assert.deepStrictEqual(fromAvroDbusValue(toAvroDbusValue(structure)), structure);
  });

  test('a value that does not fit its signature is a typed error, not a silent coercion', () => {
    for (const bad of [
      { signature: 'u', value: -1 },
      { signature: 'y', value: 256 },
      { signature: 'b', value: 'true' },
      { signature: 'i', value: 1.5 },
      { signature: 'x', value: 2n ** 63n },
      { signature: '(su)', value: ['only one'] },
      { signature: 'a{', value: {} },
    ] as const) {
      assert.throws(() => toAvroDbusValue(bad as TypedDbusValue), (error: unknown) => isErrorWithCode(error, 'DBUS_VALUE_UNSUPPORTED'), bad.signature);
    }
  });
});
