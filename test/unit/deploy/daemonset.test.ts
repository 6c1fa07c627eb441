import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asArray, asObject, containers, k8sObject, podSpec, type JsonObject } from './deploy-files.js';

const pod = podSpec(k8sObject('DaemonSet', 'gluster-eventing-producer'));
const producer = containers(pod).find((container) => container['name'] === 'producer') ?? {};
const mounts = asArray(producer['volumeMounts']).map((mount) => asObject(mount, 'volumeMount'));
const volumes = new Map(asArray(pod['volumes']).map((volume) => [String(asObject(volume, 'volume')['name']), asObject(volume, 'volume')]));

function mountOf(path: string): JsonObject | undefined {
  return mounts.find((mount) => mount['mountPath'] === path);
}

describe('producer DaemonSet', () => {
  test("mounts the host's system bus socket read-only and connects to it", () => {
    const mount = mountOf('/run/dbus/system_bus_socket');
    assert.ok(mount !== undefined, 'the bus socket is not mounted');
    assert.equal(mount['readOnly'], true);
    const hostPath = asObject(volumes.get(String(mount['name']))?.['hostPath'], 'hostPath');
    assert.deepEqual(hostPath, { path: '/run/dbus/system_bus_socket', type: 'Socket' });
    const args = asArray(producer['args']).map(String);
    assert.equal(args[args.indexOf('--bus') + 1], 'unix:path=/run/dbus/system_bus_socket');
  });

  test('every host file it reads is read-only; only the spool is writable, and it is on the node', () => {
    for (const mount of mounts) {
      const volume = volumes.get(String(mount['name']));
      if (volume?.['hostPath'] === undefined) continue;
      const args = asArray(producer['args']).map(String);
      if (mount['mountPath'] === args[args.indexOf('--spool-dir') + 1]) continue;
      assert.equal(mount['readOnly'], true, `${String(mount['mountPath'])} is writable`);
    }
    const args = asArray(producer['args']).map(String);
    const spool = mountOf(args[args.indexOf('--spool-dir') + 1] ?? '');
    assert.ok(spool !== undefined, '--spool-dir is not a mounted volume');
    assert.notEqual(spool['readOnly'], true);
    const volume = volumes.get(String(spool['name'])) ?? {};
    assert.ok(volume['hostPath'] !== undefined || volume['emptyDir'] !== undefined, 'the spool is neither hostPath nor emptyDir');
  });

  test('runs as non-root without privilege escalation', () => {
    const security = asObject(pod['securityContext'], 'securityContext');
    assert.equal(security['runAsNonRoot'], true);
    assert.notEqual(security['runAsUser'], 0);
    assert.equal(asObject(producer['securityContext'], 'container securityContext')['allowPrivilegeEscalation'], false);
  });

  test('passwords come from the Secret as files named by the *_FILE settings, never as values', () => {
    const configMap = asObject(k8sObject('ConfigMap', 'gluster-eventing')['data'], 'data');
    const secretMount = mounts.find((mount) => volumes.get(String(mount['name']))?.['secret'] !== undefined);
    assert.ok(secretMount !== undefined && secretMount['readOnly'] === true);
    const secretName = String(asObject(volumes.get(String(secretMount['name']))?.['secret'], 'secret volume')['secretName']);
    const secretKeys = Object.keys(asObject(k8sObject('Secret', secretName)['stringData'], 'stringData'));
    for (const setting of ['KAFKA_SASL_PASSWORD_FILE', 'SCHEMA_REGISTRY_PASSWORD_FILE']) {
      const file = String(configMap[setting]);
      assert.ok(file.startsWith(`${String(secretMount['mountPath'])}/`), `${setting} is not under the Secret mount`);
      assert.ok(secretKeys.includes(file.slice(String(secretMount['mountPath']).length + 1)), `${setting}: no such Secret key`);
    }
    for (const setting of ['KAFKA_SASL_PASSWORD', 'SCHEMA_REGISTRY_PASSWORD']) assert.equal(configMap[setting], undefined, `${setting} in the ConfigMap`);
  });
});
