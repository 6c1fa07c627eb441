import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, parseSharedSettings } from '../../../src/config/index.js';
import { isErrorWithCode } from '../../../src/errors/index.js';
import { DEFAULT_WATCHED_SERVICES, parseProducerSettings, type ProducerCliOptions } from '../../../src/producer/index.js';

const files: Record<string, string> = {
  '/etc/machine-id': '3d1219c7c4c5404aaa1f6d2a48adfda4\n',
  '/var/lib/glusterd/glusterd.info': 'UUID=73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0\noperating-version=100000\n',
  '/tmp/watch.json': JSON.stringify([{ busName: 'org.example.Disks', objectManagerPath: '/org/example', interfaces: ['org.example.*'] }]),
};
const parse = (options: ProducerCliOptions, env: Record<string, string> = {}, present = files) =>
  parseProducerSettings({ options, env, shared: parseSharedSettings({}), readTextFile: (path) => present[path] ?? null });

describe('producer settings', () => {
  test('defaults: node id from machine-id, Gluster UUID from glusterd.info, the system bus, 64 MiB spool, the default services', () => {
    const settings = parse({});
    assert.equal(settings.nodeId, '3d1219c7c4c5404aaa1f6d2a48adfda4');
    assert.equal(settings.glusterUuid, '73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0');
    assert.equal(settings.busAddress, 'unix:path=/var/run/dbus/system_bus_socket');
    assert.equal(settings.spool.maxBytes, 64 * 1024 * 1024);
    assert.equal(settings.topic, 'gluster.raw.v1');
    assert.equal(settings.registration, 'lookup');
    assert.deepEqual(settings.services, DEFAULT_WATCHED_SERVICES);
    assert.equal(settings.metricsHttp, null, 'no /metrics unless asked for');
    assert.ok(Object.isFrozen(settings));
  });

  test('--metrics-port serves /metrics on loopback unless --metrics-host says otherwise', () => {
    assert.deepEqual(parse({ metricsPort: '9464' }).metricsHttp, { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(parse({ metricsPort: '0', metricsHost: '0.0.0.0' }).metricsHttp, { host: '0.0.0.0', port: 0 });
  });

  test('DBUS_SYSTEM_BUS_ADDRESS selects the bus and --bus overrides it', () => {
    assert.equal(parse({}, { DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/tmp/a' }).busAddress, 'unix:path=/tmp/a');
    assert.equal(parse({ bus: 'unix:path=/tmp/b' }, { DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/tmp/a' }).busAddress, 'unix:path=/tmp/b');
  });

  test('no glusterd.info means a null Gluster UUID; flags override files', () => {
    const settings = parse({ nodeId: 'n9', spoolMaxBytes: '1048576', watch: '/tmp/watch.json' }, {}, { '/tmp/watch.json': files['/tmp/watch.json'] ?? '' });
    assert.equal(settings.glusterUuid, null);
    assert.equal(settings.nodeId, 'n9');
    assert.equal(settings.spool.maxBytes, 1_048_576);
    assert.equal(settings.services[0]?.busName, 'org.example.Disks');
  });

  test('invalid input fails once, with a ConfigError naming the setting', () => {
    const cases: [ProducerCliOptions, Record<string, string>, string][] = [
      [{}, {}, 'nodeId'],
      [{ spoolMaxBytes: 'lots' }, files, 'spoolMaxBytes'],
      [{ glusterUuid: 'not-a-uuid' }, files, 'glusterUuid'],
      [{ fsync: 'sometimes' }, files, 'fsync'],
      [{ metricsPort: '70000' }, files, 'metricsPort'],
      [{ watch: '/missing.json' }, files, 'services'],
    ];
    for (const [options, present, setting] of cases) {
      assert.throws(() => parse(options, {}, present), (error: unknown) => isErrorWithCode(error, 'CONFIG_INVALID') && error instanceof ConfigError && error.setting === setting, setting);
    }
  });
});
