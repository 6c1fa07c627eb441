import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dbus from 'dbus-next';
import { startSimulatedCluster, type NodeSpecInput, type SimulatedCluster } from '../../src/simulator/index.js';

const NODES: NodeSpecInput[] = [
  {
    id: 'n1', glusterUuid: '11111111-1111-4111-8111-111111111111', hostname: 'srv1',
    drives: [{ device: 'sda', serial: 'A1' }, { device: 'sdb', serial: 'B1' }, { device: 'sdc', serial: 'C1' }],
    bricks: [
      { path: '/bricks/b1', layout: { type: 'partition', drive: 'sda' } },
      { path: '/bricks/b2', layout: { type: 'lvm-thin', drives: ['sdb', 'sdc'] } },
    ],
  },
  {
    id: 'n2', glusterUuid: '22222222-2222-4222-8222-222222222222', hostname: 'srv2',
    drives: [{ device: 'sda', serial: 'A2' }, { device: 'sdb', serial: 'B2' }],
    bricks: [{ path: '/bricks/b1', layout: { type: 'mdraid1', drives: ['sda', 'sdb'], luks: true } }],
  },
];
const VOLUME_ID = '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5b';
const VOLUME_IFACE = 'org.storaged.Storaged.GlusterFS.Volume';
const ATA_IFACE = 'org.freedesktop.UDisks2.Drive.Ata';

/** A plain dbus-next client with a raw AddMatch subscriber that records every signal. */
async function subscriber(address: string): Promise<{ bus: dbus.MessageBus; signals: dbus.Message[]; close(): void }> {
  const bus = dbus.sessionBus({ busAddress: address });
  bus.on('error', () => undefined);
  const signals: dbus.Message[] = [];
  bus.on('message', (message) => {
    if (message.type === dbus.MessageType.SIGNAL) signals.push(message);
  });
  await bus.call(new dbus.Message({
    destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch',
    signature: 's', body: ["type='signal'"],
  }));
  return { bus, signals, close: () => bus.disconnect() };
}

type Managed = Record<string, Record<string, Record<string, dbus.Variant>>>;

async function managedObjects(bus: dbus.MessageBus, service: string, root: string): Promise<Managed> {
  const reply = await bus.call(new dbus.Message({ destination: service, path: root, interface: 'org.freedesktop.DBus.ObjectManager', member: 'GetManagedObjects' }));
  return reply?.body[0] as Managed;
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('simulated gluster nodes on real dbus-daemons', () => {
  let dir: string;
  let cluster: SimulatedCluster | undefined;
  let client: Awaited<ReturnType<typeof subscriber>> | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gesim-'));
    cluster = await startSimulatedCluster({ dir, nodes: NODES });
    client = await subscriber(cluster.node('n1').busAddress);
  });
  after(async () => {
    client?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('volume create exports volume and escaped brick objects with InterfacesAdded and exact types', async () => {
    const { bus, signals } = client!;
    await cluster!.apply({ action: 'volume.create', volume: 'gv0', id: VOLUME_ID, bricks: ['srv1:/bricks/b1', 'srv2:/bricks/b1'] });
    const brickPath = '/org/storaged/Storaged/glusterfs/brick/srv1_3a_2fbricks_2fb1';
    const added = await waitFor(() => signals.find((m) => m.member === 'InterfacesAdded' && m.body[0] === '/org/storaged/Storaged/glusterfs/volume/gv0'), 'InterfacesAdded');
    assert.equal(added.signature, 'oa{sa{sv}}');
    assert.ok(signals.some((m) => m.member === 'InterfacesAdded' && m.body[0] === brickPath));

    const objects = await managedObjects(bus, 'org.storaged.Storaged', '/org/storaged/Storaged');
    const volume = objects['/org/storaged/Storaged/glusterfs/volume/gv0']?.[VOLUME_IFACE];
    assert.ok(volume);
    assert.deepEqual(Object.fromEntries(Object.entries(volume).map(([k, v]) => [k, v.signature])), { name: 's', id: 's', status: 'u', brickcount: 'u', bricks: 'ao' });
    assert.equal(volume['name']?.value, 'gv0');
    assert.equal(volume['id']?.value, VOLUME_ID);
    assert.equal(volume['status']?.value, 0);
    assert.equal(volume['brickcount']?.value, 2);
    const brick = objects[brickPath]?.['org.storaged.Storaged.GlusterFS.Brick'];
    assert.equal(brick?.['hostUuid']?.value, NODES[0]?.glusterUuid);
    assert.equal(brick?.['name']?.value, 'srv1:/bricks/b1');
    assert.equal(brick?.['volume']?.signature, 'o');
    assert.equal(objects['/org/storaged/Storaged/glusterfs/daemons/glusterd']?.['org.storaged.Storaged.GlusterFS.Glusterd']?.['ActiveState']?.value, 'active');
  });

  test('the udisks2 disk stack has Drive.Ata SMART types, NUL-terminated bytestrings and LVM segs', async () => {
    const objects = await managedObjects(client!.bus, 'org.freedesktop.UDisks2', '/org/freedesktop/UDisks2');
    const ata = objects['/org/freedesktop/UDisks2/drives/ATA_SIM_DISK_1TB_A1']?.[ATA_IFACE];
    assert.ok(ata);
    const types = { SmartSupported: 'b', SmartEnabled: 'b', SmartUpdated: 't', SmartFailing: 'b', SmartPowerOnSeconds: 't', SmartTemperature: 'd', SmartNumAttributesFailing: 'i', SmartNumAttributesFailedInThePast: 'i', SmartNumBadSectors: 'x', SmartSelftestStatus: 's', SmartSelftestPercentRemaining: 'i' };
    for (const [property, signature] of Object.entries(types)) assert.equal(ata[property]?.signature, signature, property);
    assert.equal(typeof ata['SmartUpdated']?.value, 'bigint');
    const partition = objects['/org/freedesktop/UDisks2/block_devices/sda1'];
    assert.deepEqual(partition?.['org.freedesktop.UDisks2.Block']?.['Device']?.value, Buffer.from('/dev/sda1\0'));
    assert.deepEqual(partition?.['org.freedesktop.UDisks2.Filesystem']?.['MountPoints']?.value, [Buffer.from('/bricks/b1\0')]);
    assert.equal(partition?.['org.freedesktop.UDisks2.Block']?.['Drive']?.value, '/org/freedesktop/UDisks2/drives/ATA_SIM_DISK_1TB_A1');
    const pool = objects['/org/freedesktop/UDisks2/lvm/vg_bricks/thinpool']?.['org.freedesktop.UDisks2.LogicalVolume'];
    const segs = (pool?.['Structure']?.value as Record<string, dbus.Variant>)['segs'];
    assert.equal(segs?.signature, 'a(tto)');
    assert.deepEqual((segs?.value as unknown[][]).map((seg) => seg[2]), ['/org/freedesktop/UDisks2/block_devices/sdb', '/org/freedesktop/UDisks2/block_devices/sdc']);

    const n2 = await subscriber(cluster!.node('n2').busAddress);
    try {
      const n2objects = await managedObjects(n2.bus, 'org.freedesktop.UDisks2', '/org/freedesktop/UDisks2');
      const clear = Object.values(n2objects).find((o) => o['org.freedesktop.UDisks2.Filesystem'] !== undefined);
      const backing = clear?.['org.freedesktop.UDisks2.Block']?.['CryptoBackingDevice']?.value as string;
      assert.equal(n2objects[backing]?.['org.freedesktop.UDisks2.Block']?.['IdType']?.value, 'crypto_LUKS');
      assert.match(n2objects[backing]?.['org.freedesktop.UDisks2.Block']?.['MDRaid']?.value as string, /^\/org\/freedesktop\/UDisks2\/mdraid\//);
    } finally {
      n2.close();
    }
  });

  test('PropertiesChanged carries exactly the changed properties', async () => {
    const { signals } = client!;
    const from = signals.length;
    await cluster!.apply({ action: 'volume.start', volume: 'gv0' });
    const volumeChange = await waitFor(() => signals.slice(from).find((m) => m.member === 'PropertiesChanged' && m.body[0] === VOLUME_IFACE), 'volume PropertiesChanged');
    assert.equal(volumeChange.path, '/org/storaged/Storaged/glusterfs/volume/gv0');
    assert.deepEqual(Object.keys(volumeChange.body[1] as object), ['status']);
    assert.equal((volumeChange.body[1] as Record<string, dbus.Variant>)['status']?.value, 1);

    const mark = signals.length;
    cluster!.node('n1').setSmartFailing('sda', true);
    const ataChange = await waitFor(() => signals.slice(mark).find((m) => m.member === 'PropertiesChanged' && m.body[0] === ATA_IFACE), 'ata PropertiesChanged');
    // SmartUpdated is in whole seconds: within the second it was last set it does not change.
    const changed = Object.keys(ataChange.body[1] as object).sort();
    assert.ok(changed.includes('SmartFailing') && changed.every((name) => name === 'SmartFailing' || name === 'SmartUpdated'), changed.join(','));

    const before = signals.length;
    await cluster!.apply({ action: 'volume.start', volume: 'gv0' });
    await cluster!.apply({ action: 'volume.stop', volume: 'gv0' });
    const next = await waitFor(() => signals.slice(before).find((m) => m.member === 'PropertiesChanged' && m.body[0] === VOLUME_IFACE), 'stop');
    assert.equal((next.body[1] as Record<string, dbus.Variant>)['status']?.value, 2, 'a no-op start emits nothing');
  });

  test('volume delete removes volume and brick objects with InterfacesRemoved', async () => {
    const { signals, bus } = client!;
    await cluster!.apply({ action: 'volume.delete', volume: 'gv0' });
    const removed = await waitFor(() => signals.find((m) => m.member === 'InterfacesRemoved' && m.body[0] === '/org/storaged/Storaged/glusterfs/volume/gv0'), 'InterfacesRemoved');
    assert.equal(removed.signature, 'oas');
    assert.deepEqual(removed.body[1], [VOLUME_IFACE]);
    const objects = await managedObjects(bus, 'org.storaged.Storaged', '/org/storaged/Storaged');
    assert.equal(Object.keys(objects).some((path) => path.includes('/glusterfs/brick/')), false);
  });

  test('node loss takes the bus away and return exports the state changed meanwhile', async () => {
    const node = cluster!.node('n2');
    await cluster!.removeNode('n2', 'bus');
    const lostClient = dbus.sessionBus({ busAddress: node.busAddress });
    const failed = await new Promise<boolean>((resolve) => {
      lostClient.on('error', () => resolve(true));
      lostClient.on('connect', () => resolve(false));
    });
    assert.equal(failed, true, 'nothing listens on a lost node\'s socket');
    await cluster!.apply({ action: 'volume.create', volume: 'late', bricks: ['srv1:/bricks/b2'] });
    await cluster!.restoreNode('n2');
    const back = await subscriber(node.busAddress);
    try {
      const objects = await managedObjects(back.bus, 'org.storaged.Storaged', '/org/storaged/Storaged');
      assert.ok(objects['/org/storaged/Storaged/glusterfs/volume/late']);
    } finally {
      back.close();
    }
  });
});

describe('swapped name/id', () => {
  test('name holds the UUID and id the name, while the path uses the name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gesim-'));
    const cluster = await startSimulatedCluster({ dir, nodes: [NODES[0]!], swappedNameId: true, diskGeneration: 'storaged' });
    const client = await subscriber(cluster.nodes[0]!.busAddress);
    try {
      await cluster.apply({ action: 'volume.create', volume: 'gv1', id: VOLUME_ID, bricks: ['srv1:/bricks/b1'] });
      const objects = await managedObjects(client.bus, 'org.storaged.Storaged', '/org/storaged/Storaged');
      const volume = objects['/org/storaged/Storaged/glusterfs/volume/gv1']?.[VOLUME_IFACE];
      assert.equal(volume?.['name']?.value, VOLUME_ID);
      assert.equal(volume?.['id']?.value, 'gv1');
      assert.ok(objects['/org/storaged/Storaged/drives/ATA_SIM_DISK_1TB_A1']?.['org.storaged.Storaged.Drive.Ata'], 'storaged generation disk names');
    } finally {
      client.close();
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
