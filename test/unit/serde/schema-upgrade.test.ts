import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import avro from 'avsc';
import { readSchemaFile } from '../../../src/serde/index.js';

const PREVIOUS = new URL('../../fixtures/schemas-previous/', import.meta.url);
const previousSchema = (file: string): avro.Schema => JSON.parse(readFileSync(new URL(file, PREVIOUS), 'utf8')) as avro.Schema;
const FILES = readdirSync(PREVIOUS).filter((file) => file.endsWith('.avsc')).sort();

describe('upgrading from the previous release: every published schema stays BACKWARD compatible', () => {
  test('the previous release published the same schema files as now', () => {
    assert.deepEqual(FILES, readdirSync(new URL('../../../schemas/', import.meta.url)).filter((file) => file.endsWith('.avsc')).sort());
  });

  for (const file of FILES) {
    test(`${file}: data written with the previous schema reads with the current one`, () => {
      const previous = avro.Type.forSchema(previousSchema(file), { logicalTypes: {} });
      const current = avro.Type.forSchema(readSchemaFile(file), { logicalTypes: {} });
      const resolver = current.createResolver(previous);
      // Unchanged schemas (the raw value is recursive: avsc's random values would not end) need no data.
      if (previous.equals(current)) return;
      for (let round = 0; round < 50; round += 1) {
        // avsc's random values: every union branch, array and map filled at random.
        const written = previous.random();
        const read = current.fromBuffer(previous.toBuffer(written), resolver) as Record<string, unknown>;
        assert.ok(current.isValid(read), `${file}: the value read is valid under the current schema`);
      }
    });
  }

  test('the check can fail: a required field added without a default does not resolve', () => {
    const schema = structuredClone(readSchemaFile('volume-state-value.avsc')) as { fields: object[] };
    schema.fields.push({ name: 'mandatory', type: 'string' });
    assert.throws(() => avro.Type.forSchema(schema as avro.Schema).createResolver(avro.Type.forSchema(previousSchema('volume-state-value.avsc'))));
  });

  test('the volume state gains layout and risk, null in old records', () => {
    const previous = avro.Type.forSchema(previousSchema('volume-state-value.avsc'));
    const current = avro.Type.forSchema(readSchemaFile('volume-state-value.avsc'));
    const read = current.fromBuffer(previous.toBuffer(previous.random()), current.createResolver(previous)) as { layout: unknown; risk: unknown };
    assert.deepEqual([read.layout, read.risk], [null, null]);
  });
});
