import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import avro from 'avsc';
import { readSchemaFile } from '../../../src/serde/index.js';

/** The ChangeKind enum as the current schema file declares it, and variants of it. */
const kindField = (schema: avro.Schema): { type: { symbols: string[]; default?: string } } =>
  (schema as { fields: { name: string; type: { symbols: string[]; default?: string } }[] }).fields.find((field) => field.name === 'kind') as never;
const withKind = (symbols: string[], defaultSymbol?: string): avro.Type => {
  const schema = structuredClone(readSchemaFile('raw-property-change-value.avsc')) as avro.Schema;
  const field = kindField(schema);
  field.type.symbols = symbols;
  if (defaultSymbol === undefined) delete field.type.default;
  else field.type.default = defaultSymbol;
  return avro.Type.forSchema(schema);
};
const record = (kind: string) => ({ nodeId: 'n', glusterUuid: null, sessionId: 's', sequence: 1, observedAt: 1, busName: '', objectPath: '/', interface: null, kind, properties: {}, invalidated: [] });

describe('raw schema evolution: ChangeKind gains EVENT', () => {
  const current = avro.Type.forSchema(readSchemaFile('raw-property-change-value.avsc'));
  const previous = withKind(['SNAPSHOT', 'CHANGED', 'ADDED', 'REMOVED', 'HEARTBEAT']);

  test('the schema file declares EVENT last, with default EVENT', () => {
    const field = kindField(readSchemaFile('raw-property-change-value.avsc'));
    assert.deepEqual(field.type.symbols, ['SNAPSHOT', 'CHANGED', 'ADDED', 'REMOVED', 'HEARTBEAT', 'EVENT']);
    assert.equal(field.type.default, 'EVENT');
  });
  test('BACKWARD: the new schema reads records written with the previous one', () => {
    const bytes = previous.toBuffer(record('HEARTBEAT'));
    assert.equal((current.fromBuffer(bytes, current.createResolver(previous)) as { kind: string }).kind, 'HEARTBEAT');
  });
  test('not FORWARD: a reader still on the previous schema cannot resolve the new writer schema (upgrade consumers first)', () => {
    assert.throws(() => previous.createResolver(current));
  });
  test('the default makes the next symbol readable: an unknown kind reads as EVENT', () => {
    const later = withKind(['SNAPSHOT', 'CHANGED', 'ADDED', 'REMOVED', 'HEARTBEAT', 'EVENT', 'LATER'], 'EVENT');
    const bytes = later.toBuffer(record('LATER'));
    assert.equal((current.fromBuffer(bytes, current.createResolver(later)) as { kind: string }).kind, 'EVENT');
  });
});
