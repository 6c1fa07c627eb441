import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPrincipal, type Role } from '../../../src/kafka/index.js';
import { readFileSync } from 'node:fs';
import { asArray, asObject, containers, envFileNames, k8sObject, podSpec, readDeployFile } from './deploy-files.js';

const WORKLOADS: readonly { readonly kind: string; readonly name: string; readonly container: string; readonly role: Role }[] = [
  { kind: 'DaemonSet', name: 'gluster-eventing-producer', container: 'producer', role: 'producer' },
  { kind: 'Deployment', name: 'gluster-eventing-processor', container: 'processor', role: 'processor' },
];

/** The Secret a workload mounts and the user names its container sets. */
function credentialsOf(kind: string, name: string, containerName: string): { secret: string; env: ReadonlyMap<string, string> } {
  const pod = podSpec(k8sObject(kind, name));
  const secrets = asArray(pod['volumes']).flatMap((volume) => {
    const secret = asObject(volume, 'volume')['secret'];
    return secret === undefined ? [] : [String(asObject(secret, 'secret')['secretName'])];
  });
  assert.equal(secrets.length, 1, `${name} mounts one Secret`);
  const container = containers(pod).find((candidate) => candidate['name'] === containerName) ?? {};
  const env = new Map(asArray(container['env']).map((entry) => [String(asObject(entry, 'env')['name']), String(asObject(entry, 'env')['value'])]));
  return { secret: secrets[0] ?? '', env };
}

test('each Kubernetes workload has a Secret of its own and connects as its own role user', () => {
  const seen = new Set<string>();
  for (const { kind, name, container, role } of WORKLOADS) {
    const { secret, env } = credentialsOf(kind, name, container);
    assert.ok(!seen.has(secret), `${name} shares the Secret ${secret}`);
    seen.add(secret);
    k8sObject('Secret', secret);
    const user = defaultPrincipal(role).replace(/^User:/, '');
    assert.equal(env.get('KAFKA_SASL_USERNAME'), user, `${name}'s Kafka user`);
    assert.equal(env.get('SCHEMA_REGISTRY_USERNAME'), user, `${name}'s registry user`);
  }
  const shared = asObject(k8sObject('ConfigMap', 'gluster-eventing')['data'], 'data');
  for (const setting of ['KAFKA_SASL_USERNAME', 'SCHEMA_REGISTRY_USERNAME']) assert.equal(shared[setting], undefined, `${setting} in the shared ConfigMap`);
});

test("the systemd producer's and processor's settings name their own role's user, not a shared one", () => {
  for (const role of ['producer', 'processor'] as const) {
    const text = readDeployFile('systemd', `${role}.env.example`);
    assert.ok(envFileNames(text).includes('KAFKA_SASL_USERNAME'));
    assert.match(text, new RegExp(`^KAFKA_SASL_USERNAME=gluster-eventing-${role}$`, 'm'));
    assert.match(text, new RegExp(`^SCHEMA_REGISTRY_USERNAME=gluster-eventing-${role}$`, 'm'));
  }
});

test("the webhook's systemd settings name the webhook role's user, and no password file a dynamic user could not read", () => {
  const text = readFileSync(new URL('../../../infra/webhook/webhook.env.example', import.meta.url), 'utf8');
  assert.ok(envFileNames(text).includes('KAFKA_SASL_USERNAME'));
  assert.match(text, /^KAFKA_SASL_USERNAME=gluster-eventing-webhook$/m);
  assert.match(text, /^SCHEMA_REGISTRY_USERNAME=gluster-eventing-webhook$/m);
  assert.doesNotMatch(text, /^[A-Z_]+_PASSWORD_FILE=/m);
});
