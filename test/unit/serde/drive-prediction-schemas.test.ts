import assert from 'node:assert/strict';
import { test } from 'node:test';
import type avro from 'avsc';
import { avroTypeFor, readSchemaFile } from '../../../src/serde/index.js';

/**
 * The drive prediction's schema changes are BACKWARD compatible (what the registry enforces): a
 * consumer on the new schemas reads what producers wrote with the old ones, the new fields at their
 * defaults. The old schemas are the new ones without the added fields and symbol, so this fails if
 * an added field loses its default or a symbol is inserted instead of appended.
 */

type Json = Record<string, unknown>;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const fieldsOf = (record: Json): Json[] => record['fields'] as Json[];

function withoutFields(schema: avro.Schema, names: readonly string[]): avro.Schema {
  const copy = clone(schema) as unknown as Json;
  const strip = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(strip);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Json;
      if (record['type'] === 'record') record['fields'] = fieldsOf(record).filter((field) => !names.includes(String(field['name'])));
      Object.values(record).forEach(strip);
    }
  };
  strip(copy);
  return copy as unknown as avro.Schema;
}

test('a drive state written before the prediction reads as not degrading, with no reasons', () => {
  const current = readSchemaFile('drive-state-value.avsc');
  const previous = avroTypeFor(withoutFields(current, ['degrading', 'degradingReasons']));
  const reader = avroTypeFor(current);
  const old = {
    nodeId: 'n1', drivePath: '/d', model: null, serial: null, wwn: null, smartFailing: false, temperatureKelvin: null, temperatureCelsius: null, badSectors: 3,
    attributesFailing: 0, attributesFailedInThePast: 0, selftestStatus: 'success', nvmeCriticalWarnings: [], smartUpdatedAt: null, health: 'FAILING', healthReasons: ['3 bad sectors'], lastChangedAt: 1,
  };
  const decoded = reader.fromBuffer(previous.toBuffer(old), reader.createResolver(previous)) as Json;
  assert.equal(decoded['degrading'], false);
  assert.deepEqual(decoded['degradingReasons'], []);
  assert.equal(decoded['badSectors'], 3);
});

test('a brick state written before the prediction reads its drives as not degrading', () => {
  const current = readSchemaFile('brick-state-value.avsc');
  const previous = avroTypeFor(withoutFields(current, ['degrading']));
  const reader = avroTypeFor(current);
  const old = {
    name: 'h:/b', volume: 'gv0', host: 'h', path: '/b', hostUuid: 'u', nodeId: 'n1', mountPoint: '/b', blockDevices: ['/dev/sda1'],
    drives: [{ drivePath: '/d', model: null, serial: null, health: 'HEALTHY' }], health: 'HEALTHY', healthReasons: [], lastChangedAt: 1,
  };
  const decoded = reader.fromBuffer(previous.toBuffer(old), reader.createResolver(previous)) as { drives: Json[] };
  assert.equal(decoded.drives[0]?.['degrading'], false);
});

/** AlertType as it was before DRIVE_DEGRADING (other branches append their own after it). */
const BEFORE_PREDICTION = [
  'BRICK_ON_FAILING_DRIVE', 'DRIVE_SMART_FAILING', 'DRIVE_TEMPERATURE_HIGH', 'VOLUME_STOPPED', 'GLUSTERD_DOWN', 'NODE_SILENT', 'VOLUME_STATUS_DISAGREEMENT',
  'BRICK_DOWN', 'PEER_DISCONNECTED', 'QUORUM_LOST', 'SPLIT_BRAIN', 'BRICK_HEALTH_CHECK_FAILED', 'EC_MIN_BRICKS_NOT_UP', 'QUOTA_SOFT_LIMIT_CROSSED',
];

test('DRIVE_DEGRADING is appended to AlertType: every older symbol keeps its index, so old alerts read unchanged', () => {
  const alertType = (fieldsOf(readSchemaFile('alert-value.avsc') as unknown as Json).find((field) => field['name'] === 'type')?.['type'] as Json)['symbols'] as string[];
  assert.deepEqual(alertType.slice(0, BEFORE_PREDICTION.length), BEFORE_PREDICTION);
  assert.ok(alertType.indexOf('DRIVE_DEGRADING') >= BEFORE_PREDICTION.length);
  const reader = avroTypeFor({ type: 'enum', name: 'AlertType', symbols: alertType });
  const writer = avroTypeFor({ type: 'enum', name: 'AlertType', symbols: BEFORE_PREDICTION });
  for (const symbol of BEFORE_PREDICTION) {
    assert.equal(reader.fromBuffer(writer.toBuffer(symbol), reader.createResolver(writer)), symbol);
    assert.ok(writer.toBuffer(symbol).equals(reader.toBuffer(symbol)), `${symbol}: same index, same bytes`);
  }
});
