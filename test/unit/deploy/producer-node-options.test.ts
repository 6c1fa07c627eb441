import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRODUCER_NODE_OPTIONS } from '../../../src/producer/index.js';
import { asArray, asObject, composeServices, containers, k8sObject, podSpec, readDeployFile, systemdUnit } from './deploy-files.js';

// The producer bench measures the producer with PRODUCER_NODE_OPTIONS: every deployment must run it so.

test('the systemd unit sets NODE_OPTIONS to the producer options', () => {
  const environment = systemdUnit(readDeployFile('systemd', 'gluster-eventing-producer.service')).get('Service')?.get('Environment') ?? [];
  assert.ok(environment.includes(`NODE_OPTIONS=${PRODUCER_NODE_OPTIONS}`), `Environment= lines: ${environment.join(' | ')}`);
});

test('the DaemonSet producer container sets NODE_OPTIONS to the producer options', () => {
  const producer = containers(podSpec(k8sObject('DaemonSet', 'gluster-eventing-producer'))).find((container) => container['name'] === 'producer') ?? {};
  const env = asArray(producer['env']).map((entry) => asObject(entry, 'env entry'));
  assert.equal(env.find((entry) => entry['name'] === 'NODE_OPTIONS')?.['value'], PRODUCER_NODE_OPTIONS);
});

test('every compose service that runs a producer sets NODE_OPTIONS to the producer options', () => {
  const producers = composeServices().filter(([, service]) => asArray(service['command'])[0] === 'producer');
  assert.ok(producers.length > 0, 'no producer service in the compose file');
  for (const [name, service] of producers) assert.equal(asObject(service['environment'], `${name} environment`)['NODE_OPTIONS'], PRODUCER_NODE_OPTIONS, name);
});
