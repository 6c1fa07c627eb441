import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseVolumeInfo, parseVolumeStatus, parseXml } from '../../../src/gluster-dbus/index.js';
import { fixture } from './fixture.js';

const UUID = 'ec028066-c1a7-418e-b9a5-afc35e5c73f1';
const VOLUME_ID = '45e133f1-f2e4-43f3-96c6-c304f1a80ae0';

describe('gluster volume info / status XML (captured from glusterfs 10.3)', () => {
  test('volume info: name is the name, id the UUID, status the integer, bricks host:/path with hostUuid', () => {
    assert.deepEqual(parseVolumeInfo(parseXml(fixture('info-created.xml'))), [
      {
        name: 'tv1', id: VOLUME_ID, status: 0, bricks: [{ name: 'vm:/tmp/gdx/mnt1/brick', hostUuid: UUID }],
        layout: { type: 'Distribute', replicaCount: 1, arbiterCount: 0, disperseCount: 0, redundancyCount: 0 },
      },
    ]);
    assert.equal(parseVolumeInfo(parseXml(fixture('info-started.xml')))[0]?.status, 1);
    assert.equal(parseVolumeInfo(parseXml(fixture('info-stopped.xml')))[0]?.status, 2);
  });

  test('volume info: the redundancy layout of arbiter, disperse and distributed-replicate volumes, bricks in set order', () => {
    const volumes = new Map(parseVolumeInfo(parseXml(fixture('info-layouts.xml'))).map((volume) => [volume.name, volume]));
    assert.deepEqual(volumes.get('arb')?.layout, { type: 'Distributed-Replicate', replicaCount: 3, arbiterCount: 1, disperseCount: 0, redundancyCount: 0 });
    assert.deepEqual(volumes.get('arb')?.bricks.map((brick) => brick.name), [1, 2, 3, 4, 5, 6].map((n) => `vm:/tmp/gcap/a${n}`));
    assert.deepEqual(volumes.get('ec')?.layout, { type: 'Disperse', replicaCount: 1, arbiterCount: 0, disperseCount: 6, redundancyCount: 2 });
    assert.deepEqual(volumes.get('dr')?.layout, { type: 'Distributed-Replicate', replicaCount: 2, arbiterCount: 0, disperseCount: 0, redundancyCount: 0 });
  });

  test('volume status: a running brick is online with its port and pid, keyed by peer UUID and path', () => {
    assert.deepEqual([...parseVolumeStatus(parseXml(fixture('status-started.xml')))], [
      [`${UUID}|/tmp/gdx/mnt1/brick`, { online: true, port: 51314, pid: 23190 }],
    ]);
  });

  test('volume status: a killed brick is offline, N/A port and pid -1 become -1', () => {
    assert.deepEqual([...parseVolumeStatus(parseXml(fixture('status-brickdown.xml')))], [
      [`${UUID}|/tmp/gdx/mnt1/brick`, { online: false, port: -1, pid: -1 }],
    ]);
  });

  test('volume status: no started volume gives no brick processes', () => {
    assert.equal(parseVolumeStatus(parseXml(fixture('status-created.xml'))).size, 0);
  });

  test('volume status: daemons such as the self-heal daemon are skipped, remote peers are kept', () => {
    const processes = parseVolumeStatus(parseXml(fixture('replica-two-nodes-status.xml')));
    assert.deepEqual([...processes.keys()], [
      '11111111-1111-4111-8111-111111111111|/bricks/b1',
      '22222222-2222-4222-8222-222222222222|/bricks/b1',
    ]);
  });

  test('an opRet -1 answer has no volInfo volume and no volStatus at all: parsing it as success fails loudly', () => {
    assert.deepEqual(parseVolumeInfo(parseXml(fixture('info-error.xml'))), []);
    assert.throws(() => parseVolumeStatus(parseXml(fixture('status-error.xml'))), { code: 'GLUSTER_XML_INVALID' });
  });
});
