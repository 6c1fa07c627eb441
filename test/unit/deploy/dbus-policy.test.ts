import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dbus from 'dbus-next';
import { GLUSTER_INTERFACES } from '../../../src/dbus/index.js';
import { deployPath } from './deploy-files.js';
import { callOutcome, DBUS_DAEMON, OBJECT_PATH, OBJECT_ROOT, startPolicyBus, startService, type PolicyBus } from './policy-bus.js';

const POLICY = deployPath('dbus', 'gluster-eventing-producer.conf');
const ACCESS_DENIED = 'org.freedesktop.DBus.Error.AccessDenied';
const SERVICES = ['org.storaged.Storaged', 'org.freedesktop.UDisks2'] as const;

/** The calls the producer makes (allowed) and some it must not be able to make (denied). */
function calls(destination: string) {
  const properties = { destination, path: OBJECT_PATH, interface: 'org.freedesktop.DBus.Properties' };
  return {
    GetManagedObjects: { destination, path: OBJECT_ROOT, interface: 'org.freedesktop.DBus.ObjectManager', member: 'GetManagedObjects' },
    Get: { ...properties, member: 'Get', signature: 'ss', body: [GLUSTER_INTERFACES.glusterd, 'ActiveState'] },
    GetAll: { ...properties, member: 'GetAll', signature: 's', body: [GLUSTER_INTERFACES.glusterd] },
    Set: { ...properties, member: 'Set', signature: 'ssv', body: [GLUSTER_INTERFACES.glusterd, 'ActiveState', new dbus.Variant('s', 'failed')] },
    Introspect: { destination, path: OBJECT_PATH, interface: 'org.freedesktop.DBus.Introspectable', member: 'Introspect' },
    Reload: { destination, path: OBJECT_ROOT, interface: GLUSTER_INTERFACES.manager, member: 'Reload' },
  };
}

describe('infra/deploy/dbus/gluster-eventing-producer.conf on a real dbus-daemon', { skip: DBUS_DAEMON === undefined && 'dbus-daemon is not installed (Debian package dbus-daemon)' }, () => {
  let dir = '';
  const buses: PolicyBus[] = [];
  const connections: dbus.MessageBus[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ge-policy-'));
  });
  after(async () => {
    for (const connection of connections) connection.disconnect();
    for (const bus of buses) bus.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The policy for the user running the tests instead of gluster-eventing (who does not exist here). */
  async function policyForThisUser(): Promise<string> {
    const text = await readFile(POLICY, 'utf8');
    assert.equal(text.match(/<policy user="gluster-eventing">/g)?.length, 1, 'one policy, for the gluster-eventing user');
    assert.doesNotMatch(text, /<policy context="default">|<allow own=/, 'it grants nothing to others and owns no name');
    const copy = join(dir, 'as-this-user.conf');
    await writeFile(copy, text.replace('<policy user="gluster-eventing">', `<policy user="${userInfo().username}">`));
    return copy;
  }

  async function bus(name: string, policies: readonly string[]): Promise<PolicyBus> {
    await mkdir(join(dir, name));
    const started = await startPolicyBus(join(dir, name), policies);
    buses.push(started);
    return started;
  }

  async function connect(address: string): Promise<dbus.MessageBus> {
    const connection = dbus.sessionBus({ busAddress: address });
    connections.push(connection);
    await new Promise<void>((resolve, reject) => {
      connection.once('connect', () => resolve());
      connection.once('error', reject);
    });
    return connection;
  }

  test('dbus-daemon accepts the file as it ships', async () => {
    const started = await bus('as-shipped', [POLICY]);
    assert.ok(started.pid > 0);
  });

  test('the check can fail: dbus-daemon refuses a policy with an invalid attribute', async () => {
    const broken = join(dir, 'broken.conf');
    await writeFile(broken, (await readFile(POLICY, 'utf8')).replace('send_member="Get"', 'send_membr="Get"'));
    await assert.rejects(bus('broken', [broken]), /send_membr/);
  });

  test('the user may only read properties, list objects and receive signals of both services', async () => {
    const { address } = await bus('enforced', [await policyForThisUser()]);
    for (const name of SERVICES) connections.push(await startService(address, name));
    const client = await connect(address);
    for (const name of SERVICES) {
      const outcome = Object.fromEntries(await Promise.all(Object.entries(calls(name)).map(async ([call, message]) => [call, await callOutcome(client, message)] as const)));
      assert.deepEqual(outcome, { GetManagedObjects: 'ok', Get: 'ok', GetAll: 'ok', Set: ACCESS_DENIED, Introspect: ACCESS_DENIED, Reload: ACCESS_DENIED }, name);
    }
    const signal = new Promise<string>((resolve) => client.on('message', (message: dbus.Message) => message.member === 'PropertiesChanged' && resolve(String(message.sender))));
    assert.equal(await callOutcome(client, { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch', signature: 's', body: [`type='signal',path='${OBJECT_PATH}'`] }), 'ok');
    const service = connections.at(-1);
    assert.ok(service !== undefined);
    service.send(dbus.Message.newSignal(OBJECT_PATH, 'org.freedesktop.DBus.Properties', 'PropertiesChanged', 'sa{sv}as', [GLUSTER_INTERFACES.glusterd, { ActiveState: new dbus.Variant('s', 'failed') }, []]));
    assert.match(await signal, /^:/);
  });

  test('without the policy the same bus lets the calls through (the denials above are the policy)', async () => {
    const { address } = await bus('permissive', []);
    connections.push(await startService(address, SERVICES[0]));
    const client = await connect(address);
    assert.equal(await callOutcome(client, calls(SERVICES[0]).Introspect), 'ok');
    assert.notEqual(await callOutcome(client, calls(SERVICES[0]).Reload), ACCESS_DENIED);
  });
});
