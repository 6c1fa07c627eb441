import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownSettingKeys } from '../../../src/cli/config-file.js';
import { environmentNames } from './invocations.js';

// Read by Node itself, not by gluster-eventing (the producer deployments set NODE_OPTIONS).
const NODE_RUNTIME_VARIABLES = new Set(['NODE_OPTIONS']);

// The known names are the settings schemas' own (the set a --config file is checked against), so a
// renamed or removed setting fails here instead of being silently ignored in a deployment.
test('every environment variable the deployment files set for gluster-eventing is a real setting', async () => {
  const known = await knownSettingKeys();
  const found = environmentNames();
  assert.ok(found.length >= 20, `expected the compose, k8s, systemd and Dockerfile settings, found ${found.length}`);
  const unknown = found.filter(({ value }) => !known.has(value) && !NODE_RUNTIME_VARIABLES.has(value)).map(({ where, value }) => `${where}: ${value}`);
  assert.deepEqual(unknown, []);
});

test('the checker itself rejects a name that is not a setting', async () => {
  const known = await knownSettingKeys();
  assert.equal(known.has('KAFKA_BROKER'), false);
  assert.equal(known.has('KAFKA_BROKERS'), true);
});
