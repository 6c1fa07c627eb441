import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { silentLogger } from '../../../src/logging/index.js';
import { createCountingMetrics } from '../../../src/producer/index.js';
import { createRecordBuilder, type RecordDraft } from '../../../src/producer/records/record-builder.js';
import { createRecordCodec, unpackPayload } from '../../../src/producer/records/record-codec.js';
import { createRecordEmitter } from '../../../src/producer/records/record-emitter.js';
import { typedProperties } from '../../../src/producer/records/typed-properties.js';
import { openSpool } from '../../../src/producer/spool/spool.js';

const draft = (objectPath: string, properties: RecordDraft['properties'] = {}): RecordDraft => ({
  busName: 'org.storaged.Storaged',
  objectPath,
  interface: 'org.storaged.Storaged.GlusterFS.Volume',
  kind: 'CHANGED',
  properties,
  invalidated: [],
});

describe('record building', () => {
  test('stamps identity and time and numbers records 0, 1, 2, ... without gaps', () => {
    let now = 1_000;
    const build = createRecordBuilder({ nodeId: 'n1', glusterUuid: null, sessionId: 's1', clock: () => (now += 5) });
    const records = [build(draft('/a')), build(draft('/b')), build(draft('/a'))];
    assert.deepEqual(records.map((record) => record.sequence), [0, 1, 2]);
    assert.deepEqual(records.map((record) => record.observedAt), [1_005, 1_010, 1_015]);
    assert.ok(records.every((record) => record.nodeId === 'n1' && record.sessionId === 's1' && record.glusterUuid === null));
  });

  test('typedProperties passes dbus-next values through and flags a known property of the wrong type', () => {
    const { properties, mismatches } = typedProperties('org.freedesktop.UDisks2.Drive.Ata', {
      SmartFailing: { signature: 'b', value: true },
      SmartTemperature: { signature: 's', value: 'hot' },
      SmartNumBadSectors: { signature: 'x', value: -1n },
    });
    assert.deepEqual(properties['SmartNumBadSectors'], { signature: 'x', value: -1n });
    assert.deepEqual(mismatches, [{ property: 'SmartTemperature', expected: 'd', actual: 's' }]);
  });

  test('a property named __proto__ (a valid D-Bus member name) stays an ordinary property', () => {
    const variants = JSON.parse('{"__proto__": {"signature": "s", "value": "x"}, "Name": {"signature": "s", "value": "v"}}') as unknown;
    const { properties } = typedProperties('org.storaged.Storaged.GlusterFS.Volume', variants);
    assert.deepEqual(Object.keys(properties), ['__proto__', 'Name']);
    assert.equal(Object.getPrototypeOf(properties), Object.prototype);
  });

  test('the emitter spools every record in order; a full spool drops, counts, and leaves a visible sequence gap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emitter-'));
    try {
      const spool = openSpool({ dir, maxBytes: 1_200, logger: silentLogger });
      const metrics = createCountingMetrics();
      const emitter = createRecordEmitter({
        build: createRecordBuilder({ nodeId: 'n1', glusterUuid: null, sessionId: 's1', clock: () => 0 }),
        codec: createRecordCodec(),
        spool,
        metrics,
        logger: silentLogger,
        maxValueBytes: 512 * 1024,
        onAppended: () => undefined,
      });
      for (let n = 0; n < 30; n += 1) emitter.emit(draft(`/v${n}`, { status: { signature: 'u', value: n } }));
      const codec = createRecordCodec();
      const batch = spool.read(100, 1 << 20);
      const sequences = (batch?.payloads ?? []).map((payload) => codec.decode(unpackPayload(payload)).value.sequence);
      assert.ok(sequences.length > 0 && sequences.length < 30);
      assert.deepEqual(sequences, sequences.map((_, index) => index));
      assert.equal(metrics.counts.dropped, 30 - sequences.length);
      assert.equal(emitter.takeDropped(), 30 - sequences.length);
      spool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a value too large for Kafka is left out and named as invalidated; the rest of the record is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emitter-'));
    try {
      const spool = openSpool({ dir, maxBytes: 1 << 20, logger: silentLogger });
      const metrics = createCountingMetrics();
      const emitter = createRecordEmitter({
        build: createRecordBuilder({ nodeId: 'n1', glusterUuid: null, sessionId: 's1', clock: () => 0 }),
        codec: createRecordCodec(),
        spool,
        metrics,
        logger: silentLogger,
        maxValueBytes: 1_000,
        onAppended: () => undefined,
      });
      emitter.emit(draft('/v', { name: { signature: 's', value: 'x'.repeat(5_000) }, status: { signature: 'u', value: 1 } }));
      const payload = spool.read(1, 1 << 20)?.payloads[0];
      assert.ok(payload);
      const record = createRecordCodec().decode(unpackPayload(payload)).value;
      assert.deepEqual(record.properties, { status: { signature: 'u', value: 1 } });
      assert.deepEqual(record.invalidated, ['name']);
      assert.equal(metrics.counts.badInput.oversize, 1);
      spool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
