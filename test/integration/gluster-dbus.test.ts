import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import dbus from 'dbus-next';
import { startBusDaemon } from '../../src/dbus/index.js';
import {
  brickObjectPath,
  createGlusterCli,
  probeGlusterdState,
  startGlusterDbusService,
  volumeObjectPath,
  type GlusterDbusService,
} from '../../src/gluster-dbus/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { Cleanup, createLoopFilesystem, realGlusterSkipReason, startIsolatedGlusterd, startStrictSystemBus, type IsolatedGlusterd } from '../helpers/real-gluster.js';

const run = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;
const HOOK = join(repo, 'infra/gluster/S30gluster-eventing-reload.sh');
const POLICY = join(repo, 'infra/gluster/org.storaged.Storaged.conf');
const FIXTURES = join(repo, 'test/unit/gluster-dbus/fixtures');
const VOLUME_IFACE = 'org.storaged.Storaged.GlusterFS.Volume';
const BRICK_IFACE = 'org.storaged.Storaged.GlusterFS.Brick';
const GLUSTERD_IFACE = 'org.storaged.Storaged.GlusterFS.Glusterd';
const MANAGER = { path: '/org/storaged/Storaged/Manager', iface: 'org.storaged.Storaged.Manager.GlusterFS' };
const skip = await realGlusterSkipReason();

type Managed = Record<string, Record<string, Record<string, dbus.Variant>>>;

/** A dbus-next client that records every signal it can see (one AddMatch for all signals). */
async function subscriber(address: string): Promise<{ bus: dbus.MessageBus; signals: dbus.Message[]; close(): void }> {
  const bus = dbus.sessionBus({ busAddress: address });
  bus.on('error', () => undefined);
  const signals: dbus.Message[] = [];
  bus.on('message', (message) => {
    if (message.type === dbus.MessageType.SIGNAL && message.sender !== 'org.freedesktop.DBus') signals.push(message);
  });
  await bus.call(new dbus.Message({
    destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch',
    signature: 's', body: ["type='signal',path_namespace='/org/storaged/Storaged'"],
  }));
  return { bus, signals, close: () => bus.disconnect() };
}

async function call(bus: dbus.MessageBus, path: string, iface: string, member: string, signature = '', body: unknown[] = []): Promise<unknown> {
  const reply = await bus.call(new dbus.Message({ destination: 'org.storaged.Storaged', path, interface: iface, member, signature, body }));
  return reply?.body[0];
}

const reload = (bus: dbus.MessageBus): Promise<unknown> => call(bus, MANAGER.path, MANAGER.iface, 'Reload', 'a{sv}', [{}]);

/** Polls until `probe` returns a value; the deadline names what was awaited. */
async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

const changedSignal = (signals: dbus.Message[], path: string, iface: string, property: string, value: unknown, from = 0): dbus.Message | undefined =>
  signals.slice(from).find((m) => m.member === 'PropertiesChanged' && m.path === path && m.body[0] === iface && (m.body[1] as Record<string, dbus.Variant>)[property]?.value === value);

const signatures = (props: Record<string, dbus.Variant>): Record<string, string> =>
  Object.fromEntries(Object.entries(props).map(([key, variant]) => [key, variant.signature]));

describe('gluster-dbus exporter on a real isolated glusterd', { skip: skip ?? false }, () => {
  const cleanup = new Cleanup();
  const volume = `it-${process.pid}`;
  let dir: string;
  let glusterd: IsolatedGlusterd;
  let brick: string;
  let service: GlusterDbusService;
  let client: Awaited<ReturnType<typeof subscriber>>;
  let busAddress: string;
  const volumePath = volumeObjectPath(volume);
  let brickPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gdbus-it-'));
    cleanup.defer('temp dir', () => rm(dir, { recursive: true, force: true }));
    const bus = await startBusDaemon({ dir: join(dir, 'bus') });
    busAddress = bus.address;
    cleanup.defer('bus', () => bus.stop());
    // The loop filesystem is registered before glusterd so that it is unmounted after the bricks died.
    const fs = await createLoopFilesystem({ dir, name: 'b1', cleanup });
    brick = `vm:${fs.mountPoint}/brick`;
    brickPath = brickObjectPath(brick);
    glusterd = await startIsolatedGlusterd({
      dir, cleanup, env: { DBUS_SYSTEM_BUS_ADDRESS: bus.address },
      postHooks: { create: HOOK, start: HOOK, stop: HOOK, delete: HOOK },
    });
    const cli = createGlusterCli({ socketPath: glusterd.socketPath });
    service = await startGlusterDbusService({ busAddress: bus.address, cli, glusterdState: probeGlusterdState(cli), pollIntervalMs: 0, logger: silentLogger });
    cleanup.defer('service', () => service.stop());
    client = await subscriber(bus.address);
    cleanup.defer('client', async () => client.close());
  });
  after(() => cleanup.run());

  test('on start it owns org.storaged.Storaged and exports the manager and an active glusterd', async () => {
    const objects = (await call(client.bus, '/org/storaged/Storaged', 'org.freedesktop.DBus.ObjectManager', 'GetManagedObjects')) as Managed;
    assert.deepEqual(Object.keys(objects).sort(), [MANAGER.path, '/org/storaged/Storaged/glusterfs/daemons/glusterd']);
    const state = objects['/org/storaged/Storaged/glusterfs/daemons/glusterd']![GLUSTERD_IFACE]!;
    assert.deepEqual([state['LoadState']?.value, state['ActiveState']?.value], ['loaded', 'active']);
  });

  test('volume create: the glusterd hook calls Reload and InterfacesAdded carries the exact types', async () => {
    const from = client.signals.length;
    await glusterd.gluster(['volume', 'create', volume, brick, 'force']);
    const added = await waitFor(() => client.signals.slice(from).find((m) => m.member === 'InterfacesAdded' && m.body[0] === volumePath), 'volume InterfacesAdded');
    const props = (added.body[1] as Managed[string])[VOLUME_IFACE]!;
    assert.deepEqual(signatures(props), { name: 's', id: 's', status: 'u', brickcount: 'u', bricks: 'ao', type: 's', replicaCount: 'i', arbiterCount: 'i', disperseCount: 'i', redundancyCount: 'i' });
    // The layout extension, from the real `volume info --xml` of a one-brick volume.
    assert.deepEqual(['type', 'replicaCount', 'arbiterCount', 'disperseCount', 'redundancyCount'].map((name) => props[name]?.value), ['Distribute', 1, 0, 0, 0]);
    assert.equal(props['name']?.value, volume, 'name is the name (no swapped name/id)');
    assert.match(String(props['id']?.value), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual([props['status']?.value, props['brickcount']?.value, props['bricks']?.value], [0, 1, [brickPath]]);
    const brickAdded = client.signals.slice(from).find((m) => m.member === 'InterfacesAdded' && m.body[0] === brickPath);
    assert.ok(brickAdded, 'brick InterfacesAdded, sent before the volume');
    assert.ok(client.signals.indexOf(brickAdded) < client.signals.indexOf(added));
    const brickProps = (brickAdded.body[1] as Managed[string])[BRICK_IFACE]!;
    assert.deepEqual(signatures(brickProps), { hostUuid: 's', name: 's', volume: 'o', online: 'b', port: 'i', pid: 'i' });
    assert.deepEqual([brickProps['name']?.value, brickProps['volume']?.value, brickProps['online']?.value, brickProps['pid']?.value], [brick, volumePath, false, -1]);
  });

  test('volume start: after Reload, PropertiesChanged status 1 and the brick online with its port and pid', async () => {
    const from = client.signals.length;
    await glusterd.gluster(['volume', 'start', volume]);
    await reload(client.bus);
    const changed = await waitFor(() => changedSignal(client.signals, volumePath, VOLUME_IFACE, 'status', 1, from), 'status 1');
    assert.deepEqual(Object.keys(changed.body[1] as object), ['status'], 'only the changed property');
    const [pid] = await glusterd.brickPids(volume);
    await waitFor(() => changedSignal(client.signals, brickPath, BRICK_IFACE, 'online', true, from), 'brick online');
    const live = (await call(client.bus, brickPath, 'org.freedesktop.DBus.Properties', 'GetAll', 's', [BRICK_IFACE])) as Record<string, dbus.Variant>;
    assert.equal(live['pid']?.value, pid);
    assert.ok(Number(live['port']?.value) > 0);
  });

  test('volume stop: Reload() without options (what dbus-send in the hook sends) gives status 2', async () => {
    const from = client.signals.length;
    await glusterd.gluster(['volume', 'stop', volume]);
    await run('dbus-send', ['--system', '--print-reply', '--dest=org.storaged.Storaged', MANAGER.path, `${MANAGER.iface}.Reload`], { env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: busAddress } });
    await waitFor(() => changedSignal(client.signals, volumePath, VOLUME_IFACE, 'status', 2, from), 'status 2');
    await waitFor(() => changedSignal(client.signals, brickPath, BRICK_IFACE, 'online', false, from), 'brick offline after stop');
  });

  test('killing the brick process: Brick online becomes false after a refresh', async () => {
    await glusterd.gluster(['volume', 'start', volume]);
    await service.refresh();
    assert.equal((await call(client.bus, brickPath, 'org.freedesktop.DBus.Properties', 'Get', 'ss', [BRICK_IFACE, 'online']) as dbus.Variant).value, true);
    const [pid] = await glusterd.brickPids(volume);
    assert.ok(pid !== undefined, 'brick pid from volume status');
    const from = client.signals.length;
    process.kill(pid, 'SIGKILL');
    // glusterd notices the disconnect asynchronously; the Events API webhook would call refreshSoon().
    const down = await waitFor(() => {
      service.refreshSoon();
      return changedSignal(client.signals, brickPath, BRICK_IFACE, 'online', false, from);
    }, 'brick online false');
    assert.equal((down.body[1] as Record<string, dbus.Variant>)['pid']?.value, -1);
    assert.equal(changedSignal(client.signals, volumePath, VOLUME_IFACE, 'status', 2, from), undefined, 'the volume is still started');
  });

  test('volume delete: InterfacesRemoved for the volume, then its brick', async () => {
    const from = client.signals.length;
    await glusterd.gluster(['volume', 'stop', volume, 'force']);
    await glusterd.gluster(['volume', 'delete', volume]);
    const removed = await waitFor(() => client.signals.slice(from).find((m) => m.member === 'InterfacesRemoved' && m.body[0] === volumePath), 'volume InterfacesRemoved');
    assert.deepEqual(removed.body[1], [VOLUME_IFACE]);
    const brickRemoved = await waitFor(() => client.signals.slice(from).find((m) => m.member === 'InterfacesRemoved' && m.body[0] === brickPath), 'brick InterfacesRemoved');
    assert.ok(client.signals.indexOf(removed) < client.signals.indexOf(brickRemoved));
  });

  test('glusterd stopped: Glusterd ActiveState changes to inactive, nothing else is removed', async () => {
    const from = client.signals.length;
    await glusterd.stop();
    await service.refresh();
    await waitFor(() => changedSignal(client.signals, '/org/storaged/Storaged/glusterfs/daemons/glusterd', GLUSTERD_IFACE, 'ActiveState', 'inactive', from), 'ActiveState inactive');
    assert.equal(client.signals.slice(from).filter((m) => m.member === 'InterfacesRemoved').length, 0);
  });
});

describe('infra/gluster/org.storaged.Storaged.conf on a strict system-policy bus', { skip: process.getuid?.() === 0 ? false : 'needs root to own the name and to run as nobody' }, () => {
  const cleanup = new Cleanup();
  let address: string;
  let state: string;
  let service: GlusterDbusService;

  /** Runs dbus-send as `nobody` on the strict bus; resolves with { ok, output }. */
  const asNobody = (args: readonly string[]): Promise<{ ok: boolean; output: string }> =>
    run('dbus-send', [`--bus=${address}`, '--print-reply', '--dest=org.storaged.Storaged', ...args], { uid: 65534, gid: 65534 }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: { stderr?: string }) => ({ ok: false, output: error.stderr ?? String(error) }),
    );

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdbus-policy-'));
    chmodSync(dir, 0o755); // nobody must reach the bus socket below it
    cleanup.defer('temp dir', () => rm(dir, { recursive: true, force: true }));
    const bus = await startStrictSystemBus({ dir: join(dir, 'bus'), policyFiles: [POLICY], cleanup });
    address = bus.address;
    // A fake gluster CLI that prints whatever fixture `state` names, so the test needs no glusterd.
    state = join(dir, 'state');
    writeFileSync(state, join(FIXTURES, 'info-created.xml'));
    copyFileSync(join(FIXTURES, 'status-created.xml'), join(dir, 'status.xml'));
    const fake = join(dir, 'gluster');
    writeFileSync(fake, `#!/bin/sh\ncase "$*" in *"volume status"*) cat ${join(dir, 'status.xml')};; *"pool list"*) cat ${join(dir, 'status.xml')};; *) cat "$(cat ${state})";; esac\n`);
    chmodSync(fake, 0o755);
    const cli = createGlusterCli({ executable: fake });
    service = await startGlusterDbusService({ busAddress: address, cli, glusterdState: probeGlusterdState(cli), pollIntervalMs: 0, logger: silentLogger });
    cleanup.defer('service', () => service.stop());
  });
  after(() => cleanup.run());

  test('root owns the name; nobody may read GetManagedObjects, Get and GetAll', async () => {
    const objects = await asNobody(['/org/storaged/Storaged', 'org.freedesktop.DBus.ObjectManager.GetManagedObjects']);
    assert.ok(objects.ok, objects.output);
    assert.match(objects.output, /tv1/);
    const get = await asNobody(['/org/storaged/Storaged/glusterfs/daemons/glusterd', 'org.freedesktop.DBus.Properties.Get', `string:${GLUSTERD_IFACE}`, 'string:ActiveState']);
    assert.ok(get.ok, get.output);
    const all = await asNobody([volumeObjectPath('tv1'), 'org.freedesktop.DBus.Properties.GetAll', `string:${VOLUME_IFACE}`]);
    assert.ok(all.ok, all.output);
  });

  test('nobody may not call Reload; root may', async () => {
    const denied = await asNobody([MANAGER.path, `${MANAGER.iface}.Reload`]);
    assert.equal(denied.ok, false);
    assert.match(denied.output, /AccessDenied/);
    await run('dbus-send', [`--bus=${address}`, '--print-reply', '--dest=org.storaged.Storaged', MANAGER.path, `${MANAGER.iface}.Reload`]);
  });

  test('nobody receives PropertiesChanged', async () => {
    const monitor = spawn('gdbus', ['monitor', '--address', address, '--dest', 'org.storaged.Storaged'], { uid: 65534, gid: 65534, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.defer('gdbus monitor', async () => void monitor.kill());
    let output = '';
    monitor.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => (output.includes('Monitoring signals') ? true : undefined), 'gdbus monitor ready');
    writeFileSync(state, join(FIXTURES, 'info-stopped.xml'));
    await service.refresh();
    await waitFor(() => (/PropertiesChanged.*uint32 2|PropertiesChanged[^\n]*'status': <uint32 2>/.test(output) ? true : undefined), `PropertiesChanged status 2 as nobody, got: ${output}`);
    monitor.kill();
  });
});
