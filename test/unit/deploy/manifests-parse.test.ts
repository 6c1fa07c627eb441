import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { asArray, asObject, composeServices, deployFiles, deployPath, k8sObjects, yamlDocuments } from './deploy-files.js';

const KUBECTL = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim() || undefined;

describe('infra/deploy YAML files parse and are complete', () => {
  const yamlFiles = deployFiles().filter((path) => /\.ya?ml$/.test(path));

  test('every YAML file parses without errors', () => {
    assert.ok(yamlFiles.length >= 8, `expected the compose file and the k8s manifests, found ${yamlFiles.join(', ')}`);
    for (const path of yamlFiles) assert.doesNotThrow(() => yamlDocuments(path), path);
  });

  test('kustomization.yaml lists every manifest of k8s/ and nothing that is missing', () => {
    const listed = asArray(yamlDocuments('infra/deploy/k8s/kustomization.yaml')[0]?.['resources']).map((resource) => `infra/deploy/k8s/${String(resource)}`);
    const present = yamlFiles.filter((path) => path.startsWith('infra/deploy/k8s/') && !path.endsWith('/kustomization.yaml'));
    assert.deepEqual([...listed].sort(), [...present].sort());
  });

  test('every Kubernetes object has apiVersion, kind and a name, and the required kinds are there', () => {
    const kinds = new Set<string>();
    for (const { file, object } of k8sObjects()) {
      assert.equal(typeof object['apiVersion'], 'string', `${file}: apiVersion`);
      assert.equal(typeof object['kind'], 'string', `${file}: kind`);
      assert.equal(typeof asObject(object['metadata'], `${file} metadata`)['name'], 'string', `${file}: metadata.name`);
      kinds.add(String(object['kind']));
    }
    for (const kind of ['Deployment', 'DaemonSet', 'ConfigMap', 'Secret', 'PodDisruptionBudget', 'Service']) assert.ok(kinds.has(kind), `missing a ${kind}`);
  });

  test('a workload selector matches its pod labels, and the PDB and Service select the processor pods', () => {
    const labelsOf = (object: Record<string, unknown>, ...path: string[]): Record<string, unknown> =>
      path.reduce<Record<string, unknown>>((node, key) => (node[key] ?? {}) as Record<string, unknown>, object);
    const processorPods = new Map<string, unknown>();
    for (const { file, object } of k8sObjects()) {
      if (object['kind'] !== 'Deployment' && object['kind'] !== 'DaemonSet') continue;
      const selector = labelsOf(object, 'spec', 'selector', 'matchLabels');
      const labels = labelsOf(object, 'spec', 'template', 'metadata', 'labels');
      for (const [key, value] of Object.entries(selector)) assert.equal(labels[key], value, `${file}: selector ${key}`);
      if (object['kind'] === 'Deployment') for (const [key, value] of Object.entries(labels)) processorPods.set(key, value);
    }
    for (const { file, object } of k8sObjects()) {
      const selector = object['kind'] === 'PodDisruptionBudget' ? labelsOf(object, 'spec', 'selector', 'matchLabels') : object['kind'] === 'Service' ? labelsOf(object, 'spec', 'selector') : undefined;
      if (selector === undefined) continue;
      assert.ok(Object.keys(selector).length > 0, `${file}: empty selector`);
      for (const [key, value] of Object.entries(selector)) assert.equal(processorPods.get(key), value, `${file}: selects ${key}=${String(value)}, not the processor's pods`);
    }
  });

  test('compose: 3 KRaft brokers that are all controller voters, a registry, the processor and producers', () => {
    const services = new Map(composeServices());
    const brokers = [...services.entries()].filter(([, service]) => String(service['image']).startsWith('apache/kafka:'));
    assert.equal(brokers.length, 3);
    for (const [name, service] of brokers) {
      const env = asObject(service['environment'], `${name} environment`);
      assert.match(String(env['KAFKA_PROCESS_ROLES']), /controller/, `${name} is no controller`);
      assert.equal(String(env['KAFKA_CONTROLLER_QUORUM_VOTERS']).split(',').length, 3, `${name}: three voters`);
    }
    assert.ok([...services.values()].some((service) => String(service['image']).startsWith('apicurio/apicurio-registry:')), 'no Apicurio registry');
    const commands = [...services.values()].map((service) => asArray(service['command'])[0]);
    for (const command of ['processor', 'producer', 'simulate', 'topics', 'schemas']) assert.ok(commands.includes(command), `no service runs ${command}`);
  });

  test('kubectl kustomize builds the k8s folder (offline: no cluster needed)', { skip: KUBECTL === undefined && 'kubectl is not installed: only the YAML checks above apply' }, async () => {
    const { stdout } = await promisify(execFile)(KUBECTL ?? 'kubectl', ['kustomize', deployPath('k8s')], { timeout: 60_000 });
    const kinds = [...stdout.matchAll(/^kind: (\S+)$/gm)].map((match) => match[1]);
    assert.equal(kinds.length, k8sObjects().length);
  });
});
