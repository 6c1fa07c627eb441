import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { generateLoad, layoutCluster, parseClusterShape, parseLoadScript, parseMix } from '../../../src/loadgen/index.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';

const shape = parseClusterShape({ nodes: 4, volumes: 5, bricks: 15, drives: 8 });
const load = (seed: number, records = 1_500): RawPropertyChange[] => [...generateLoad({ shape, seed, records })];
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

describe('generateLoad', () => {
  test('is deterministic: one seed gives the same records, another seed different ones', () => {
    assert.ok(isDeepStrictEqual(load(5), load(5)));
    assert.ok(!isDeepStrictEqual(load(5), load(6)));
  });

  test('stops at the record limit and at the duration', () => {
    assert.equal(load(1, 321).length, 321);
    const timed = [...generateLoad({ shape, seed: 1, durationMs: 2_000, stepMs: 10 })];
    assert.ok(timed.length > 0 && timed.every((record) => record.observedAt < (timed[0]?.observedAt ?? 0) + 2_000));
    assert.equal(timed.length, 200);
  });

  test('per producer session, sequences start at 0 and are gap-free; event time never goes back', () => {
    const records = load(2, 5_000);
    const sessions = new Map<string, number[]>();
    for (const record of records) sessions.set(record.sessionId, [...(sessions.get(record.sessionId) ?? []), record.sequence]);
    for (const [session, sequence] of sessions) assert.deepEqual(sequence, sequence.map((_, index) => index), `session ${session}`);
    assert.ok(records.every((record, index) => index === 0 || record.observedAt >= (records[index - 1]?.observedAt ?? 0)));
    assert.ok(new Set(records.map((record) => record.sessionId)).size >= shape.nodes);
  });

  test('every node reports every volume and every brick; bricks name their host and sit on a mounted partition of one of its drives', () => {
    const layout = layoutCluster(shape, 3);
    const records = load(3, 2_000);
    for (const node of layout.nodes) {
      const own = records.filter((record) => record.nodeId === node.nodeId && record.kind === 'SNAPSHOT');
      assert.ok(own.every((record) => record.glusterUuid === node.glusterUuid));
      assert.equal(new Set(own.filter((record) => record.interface?.endsWith('GlusterFS.Volume')).map((record) => record.objectPath)).size, shape.volumes);
      assert.equal(new Set(own.filter((record) => record.interface?.endsWith('GlusterFS.Brick')).map((record) => record.objectPath)).size, shape.bricks);
    }
    const brickRecords = records.filter((record) => record.kind === 'SNAPSHOT' && record.interface?.endsWith('GlusterFS.Brick'));
    for (const brick of layout.bricks) {
      const host = layout.nodes[brick.node];
      const reported = brickRecords.find((record) => text(record.properties['name']?.value) === brick.name);
      assert.equal(reported?.properties['hostUuid']?.value, host?.glusterUuid);
      assert.ok(brick.name.startsWith(`${host?.hostname}:/`) && brick.path.startsWith(`${brick.mountPoint}/`));
      const mounts = records.filter((record) => record.nodeId === host?.nodeId && record.interface?.endsWith('.Filesystem'));
      const mount = mounts.find((record) => (record.properties['MountPoints']?.value as Buffer[]).some((point) => point.toString().replace(/\0$/, '') === brick.mountPoint));
      const block = records.find((record) => record.nodeId === host?.nodeId && record.objectPath === mount?.objectPath && record.interface?.endsWith('.Block'));
      assert.ok(String(block?.properties['Drive']?.value).includes(layout.drives[brick.drive]?.serial ?? '?'), `brick ${brick.name} on its drive`);
    }
  });

  test('a volume’s bricks are on distinct nodes while there are enough nodes', () => {
    const layout = layoutCluster(parseClusterShape({ nodes: 5, volumes: 3, bricks: 12, drives: 5 }), 1);
    for (const volume of layout.volumes) assert.equal(new Set(volume.bricks.map((brick) => layout.bricks[brick]?.node)).size, volume.bricks.length);
  });

  test('each live producer sends a heartbeat every heartbeatMs of event time', () => {
    const script = parseLoadScript({ heartbeatMs: 1_000, mix: { volumeStatus: 1, glusterd: 0, smartFailing: 0, temperature: 0, producerRestart: 0, volumeDelete: 0 } });
    const records = [...generateLoad({ shape, seed: 4, script, durationMs: 10_000, stepMs: 5 })];
    for (let node = 0; node < shape.nodes; node += 1) {
      const beats = records.filter((record) => record.kind === 'HEARTBEAT' && record.nodeId.endsWith(String(node))).map((record) => record.observedAt);
      assert.ok(beats.length >= 8, `node ${node}: ${beats.length} heartbeats`);
      assert.ok(beats.every((at, index) => index === 0 || Math.abs(at - (beats[index - 1] ?? 0) - 1_000) <= 5));
    }
  });

  test('a status change is reported once by every node, as a CHANGED record with only the status', () => {
    const script = parseLoadScript({ mix: { volumeStatus: 1, glusterd: 0, smartFailing: 0, temperature: 0, producerRestart: 0, volumeDelete: 0 } });
    const records = [...generateLoad({ shape, seed: 9, script, records: 400 })];
    const changes = records.filter((record) => record.kind === 'CHANGED');
    assert.ok(changes.length >= shape.nodes);
    const first = changes.slice(0, shape.nodes);
    assert.equal(new Set(first.map((record) => record.nodeId)).size, shape.nodes);
    assert.equal(new Set(first.map((record) => record.objectPath)).size, 1);
    assert.deepEqual(Object.keys(first[0]?.properties ?? {}), ['status']);
  });

  test('shapes and mixes are validated with a message naming the problem', () => {
    assert.throws(() => parseClusterShape({ nodes: 4, volumes: 2, bricks: 4, drives: 2 }), /drives >= nodes/);
    assert.throws(() => parseClusterShape({ nodes: 0, volumes: 1, bricks: 0, drives: 0 }));
    assert.deepEqual(parseMix('volumeStatus=3, smartFailing=0'), { volumeStatus: 3, smartFailing: 0 });
    assert.throws(() => parseMix('volumeStatus=-1'));
    assert.throws(() => parseMix('explode=1'));
  });
});
