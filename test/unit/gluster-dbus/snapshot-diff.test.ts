import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSnapshot, diffSnapshots, type SnapshotFacts, type VolumeFacts } from '../../../src/gluster-dbus/index.js';

const VOLUME = 'org.storaged.Storaged.GlusterFS.Volume';
const BRICK = 'org.storaged.Storaged.GlusterFS.Brick';
const GLUSTERD = 'org.storaged.Storaged.GlusterFS.Glusterd';
const MANAGER = 'org.storaged.Storaged.Manager.GlusterFS';
const VOLUME_PATH = '/org/storaged/Storaged/glusterfs/volume/gv_2d0';
const BRICK1 = '/org/storaged/Storaged/glusterfs/brick/srv1_3a_2fbricks_2fb1';
const BRICK2 = '/org/storaged/Storaged/glusterfs/brick/srv2_3a_2fbricks_2fb1';
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';

const volume = (status: number): VolumeFacts => ({
  name: 'gv-0', id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5b', status,
  bricks: [{ name: 'srv1:/bricks/b1', hostUuid: U1 }, { name: 'srv2:/bricks/b1', hostUuid: U2 }],
  layout: { type: 'Replicate', replicaCount: 2, arbiterCount: 0, disperseCount: 0, redundancyCount: 0 },
});
const facts = (overrides: Partial<SnapshotFacts> = {}): SnapshotFacts => ({
  glusterd: { LoadState: 'loaded', ActiveState: 'active' }, volumes: [], processes: new Map(), ...overrides,
});
const running = new Map([[`${U1}|/bricks/b1`, { online: true, port: 49152, pid: 1001 }], [`${U2}|/bricks/b1`, { online: true, port: 49153, pid: 2001 }]]);

describe('buildSnapshot', () => {
  test('exports name = name and id = UUID (not the fork swap), escaped paths, brick list and bricks before their volume', () => {
    const snapshot = buildSnapshot(facts({ volumes: [volume(0)] }));
    assert.deepEqual([...snapshot.keys()], [
      '/org/storaged/Storaged/Manager', '/org/storaged/Storaged/glusterfs/daemons/glusterd', BRICK1, BRICK2, VOLUME_PATH,
    ]);
    assert.deepEqual(snapshot.get(VOLUME_PATH), {
      [VOLUME]: {
        name: 'gv-0', id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5b', status: 0, brickcount: 2, bricks: [BRICK1, BRICK2],
        type: 'Replicate', replicaCount: 2, arbiterCount: 0, disperseCount: 0, redundancyCount: 0,
      },
    });
    assert.deepEqual(snapshot.get(BRICK1), { [BRICK]: { hostUuid: U1, name: 'srv1:/bricks/b1', volume: VOLUME_PATH, online: false, port: -1, pid: -1 } });
    assert.deepEqual(snapshot.get('/org/storaged/Storaged/Manager'), { [MANAGER]: { volumes: [VOLUME_PATH] } });
  });

  test('an unrecognised gluster status is exported as 3 = Unknown', () => {
    assert.equal(buildSnapshot(facts({ volumes: [volume(7)] })).get(VOLUME_PATH)?.[VOLUME]?.['status'], 3);
  });
});

describe('diffSnapshots', () => {
  test('the same facts twice give no change (an idle poll emits nothing)', () => {
    const a = buildSnapshot(facts({ volumes: [volume(1)], processes: running }));
    const b = buildSnapshot(facts({ volumes: [volume(1)], processes: new Map(running) }));
    assert.deepEqual(diffSnapshots(a, b), { added: [], removed: [], changed: [] });
  });

  test('volume create: bricks then the volume are added, the manager list changes', () => {
    const diff = diffSnapshots(buildSnapshot(facts()), buildSnapshot(facts({ volumes: [volume(0)] })));
    assert.deepEqual(diff.added.map((entry) => entry.path), [BRICK1, BRICK2, VOLUME_PATH]);
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(diff.changed, [{ path: '/org/storaged/Storaged/Manager', iface: MANAGER, properties: { volumes: [VOLUME_PATH] } }]);
  });

  test('volume start: only status, plus the bricks coming online', () => {
    const diff = diffSnapshots(buildSnapshot(facts({ volumes: [volume(0)] })), buildSnapshot(facts({ volumes: [volume(1)], processes: running })));
    assert.deepEqual(diff.changed, [
      { path: BRICK1, iface: BRICK, properties: { online: true, port: 49152, pid: 1001 } },
      { path: BRICK2, iface: BRICK, properties: { online: true, port: 49153, pid: 2001 } },
      { path: VOLUME_PATH, iface: VOLUME, properties: { status: 1 } },
    ]);
  });

  test('a brick process dies: only that brick changes', () => {
    const down = new Map(running).set(`${U2}|/bricks/b1`, { online: false, port: -1, pid: -1 });
    const diff = diffSnapshots(buildSnapshot(facts({ volumes: [volume(1)], processes: running })), buildSnapshot(facts({ volumes: [volume(1)], processes: down })));
    assert.deepEqual(diff.changed, [{ path: BRICK2, iface: BRICK, properties: { online: false, port: -1, pid: -1 } }]);
  });

  test('volume delete: the volume is removed before its bricks', () => {
    const diff = diffSnapshots(buildSnapshot(facts({ volumes: [volume(2)] })), buildSnapshot(facts()));
    assert.deepEqual(diff.removed, [
      { path: VOLUME_PATH, interfaces: [VOLUME] }, { path: BRICK2, interfaces: [BRICK] }, { path: BRICK1, interfaces: [BRICK] },
    ]);
    assert.deepEqual(diff.added, []);
  });

  test('glusterd stops: only ActiveState changes', () => {
    const diff = diffSnapshots(buildSnapshot(facts()), buildSnapshot(facts({ glusterd: { LoadState: 'loaded', ActiveState: 'inactive' } })));
    assert.deepEqual(diff.changed, [{ path: '/org/storaged/Storaged/glusterfs/daemons/glusterd', iface: GLUSTERD, properties: { ActiveState: 'inactive' } }]);
  });
});
