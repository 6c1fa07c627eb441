import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DISK_ROLES } from '../../../pipelines/domain/index.js';
import { applyDiskRecord, diskRoleOf, type DiskObject } from '../../../pipelines/node-storage/disk-objects.js';
import { layoutNode } from '../../fixtures/brick-layout-cases.js';
import { rawRecord, UDISKS } from '../../fixtures/raw-records.js';
import { simulatedDiskNode } from '../../fixtures/simulated-disk-records.js';

const T0 = Date.UTC(2026, 11, 1);
const IDENTITY = { id: 'node-d', hostname: 'srv-d', glusterUuid: 'eeeeeeee-0000-4000-8000-000000000005' };

describe('disk objects: each record updates the role of its own interface', () => {
  test('every disk role the topology routes to node storage has a role of its own, under both naming generations', () => {
    for (const role of DISK_ROLES) {
      for (const prefix of ['org.freedesktop.UDisks2', 'org.storaged.Storaged']) {
        const record = rawRecord({ nodeId: 'n', at: 0 }, { busName: UDISKS, objectPath: '/x', interface: `${prefix}.${role}` });
        assert.equal(diskRoleOf(record), role, `${prefix}.${role}`);
      }
    }
  });

  test("the LUKS backing device's Encrypted record leaves its Block links intact, even filed as Block", () => {
    const node = simulatedDiskNode(layoutNode(IDENTITY, [{ name: 'LUKS on MD RAID1', path: '/bricks/b', layout: { type: 'mdraid1', drives: ['sda', 'sdb'], luks: true }, beneath: ['sda', 'sdb'], blockDevices: 4 }]), { startedAt: T0 });
    const records = node.snapshot(T0).filter((record) => record.objectPath.endsWith('/block_devices/md127'));
    assert.deepEqual(records.map((record) => record.interface), ['org.freedesktop.UDisks2.Block', 'org.freedesktop.UDisks2.Encrypted'], 'the order GetManagedObjects gives');

    let md: DiskObject | undefined;
    for (const record of records) md = applyDiskRecord(md, record);
    assert.match(String(md?.Block?.['mdRaid']), /\/mdraid\//);
    assert.equal(md?.Block?.['device'], '/dev/md/srv-d:127');
    assert.match(String(md?.Encrypted?.['cleartextDevice']), /\/block_devices\/dm_2d0$/);

    const [encrypted] = records.filter((record) => record.interface?.endsWith('.Encrypted'));
    const removed = applyDiskRecord(md, { ...(encrypted ?? assert.fail()), kind: 'REMOVED', properties: {} });
    assert.deepEqual(removed, { Block: md?.Block }, 'removing Encrypted removes only Encrypted');
  });
});
