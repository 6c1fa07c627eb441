import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyConfigFile, knownSettingKeys } from '../../../src/cli/config-file.js';
import { ConfigError, loadConfigFile, parseSharedSettings, withConfigFile } from '../../../src/config/index.js';
import { parseProcessorSettings } from '../../../src/service/index.js';

const knownKeys = new Set(['KAFKA_BROKERS', 'KAFKA_SSL', 'GLUSTER_EVENTING_TOPIC_PREFIX', 'GLUSTER_EVENTING_COMMIT_INTERVAL_MS', 'KAFKA_SASL_PASSWORD']);
const fromText = (text: string) => loadConfigFile('/etc/ge.json', { knownKeys, read: () => text });

function configError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('the optional config file', () => {
  test('values become the strings the environment would hold', () => {
    assert.deepEqual(fromText('{"KAFKA_BROKERS": ["a:9092", "b:9092"], "KAFKA_SSL": true, "GLUSTER_EVENTING_COMMIT_INTERVAL_MS": 250, "GLUSTER_EVENTING_TOPIC_PREFIX": null}'), {
      KAFKA_BROKERS: 'a:9092,b:9092',
      KAFKA_SSL: 'true',
      GLUSTER_EVENTING_COMMIT_INTERVAL_MS: '250',
    });
  });

  test('precedence: environment variable over file over default', () => {
    const file = fromText('{"KAFKA_BROKERS": "file:9092", "GLUSTER_EVENTING_TOPIC_PREFIX": "from-file", "GLUSTER_EVENTING_COMMIT_INTERVAL_MS": 250}');
    const env = withConfigFile({ GLUSTER_EVENTING_TOPIC_PREFIX: 'from-env', UNRELATED: 'x', UNSET: undefined }, file);
    const shared = parseSharedSettings(env);
    assert.equal(shared.topicPrefix, 'from-env', 'the variable wins');
    assert.deepEqual(shared.kafka.brokers, ['file:9092'], 'the file fills what the environment leaves unset');
    assert.equal(shared.kafka.clientId, 'gluster-eventing', 'the default fills the rest');
    assert.equal(parseProcessorSettings({}, env).commitIntervalMs, 250, "the processor's settings read the same merged environment");
    assert.equal(parseProcessorSettings({ commitIntervalMs: '500' }, env).commitIntervalMs, 500, 'a command-line option still wins');
  });

  test('an unknown key is an error naming the key', () => {
    const error = configError(() => fromText('{"KAFKA_BROKER": "a:9092"}'));
    assert.equal(error.setting, 'KAFKA_BROKER');
    assert.match(error.message, /unknown setting in \/etc\/ge\.json/);
  });

  test('an invalid value is rejected by the same schema, naming the setting', () => {
    const env = withConfigFile({}, fromText('{"KAFKA_BROKERS": "no-port-here", "GLUSTER_EVENTING_COMMIT_INTERVAL_MS": "soon"}'));
    assert.match(configError(() => parseSharedSettings(env)).setting, /^KAFKA_BROKERS/);
    assert.equal(configError(() => parseProcessorSettings({}, env)).setting, 'GLUSTER_EVENTING_COMMIT_INTERVAL_MS');
  });

  test('a value of the wrong JSON type names the key', () => {
    assert.equal(configError(() => fromText('{"KAFKA_SSL": {"enabled": true}}')).setting, 'KAFKA_SSL');
  });

  test('not JSON: the position, never the text (it may hold a password)', () => {
    const error = configError(() => fromText('{\n  "KAFKA_SASL_PASSWORD": "s3cr3t-value" oops\n}'));
    assert.equal(error.setting, 'GLUSTER_EVENTING_CONFIG');
    assert.match(error.message, /is not valid JSON/);
    assert.ok(!error.message.includes('s3cr3t-value'));
  });

  test('not an object', () => {
    assert.match(configError(() => fromText('["KAFKA_BROKERS"]')).message, /one JSON object/);
  });

  test('an unreadable file names the path and the reason', () => {
    const error = configError(() => loadConfigFile('/nonexistent/ge.json', { knownKeys }));
    assert.equal(error.setting, 'GLUSTER_EVENTING_CONFIG');
    assert.match(error.message, /cannot read \/nonexistent\/ge\.json \(ENOENT\)/);
  });
});

describe('--config / GLUSTER_EVENTING_CONFIG at the CLI edge', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ge-config-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('every settings name of every command is a known key', async () => {
    const keys = await knownSettingKeys();
    for (const key of ['KAFKA_BROKERS', 'KAFKA_SASL_PASSWORD_FILE', 'SCHEMA_REGISTRY_CA_FILE', 'GLUSTER_EVENTING_APPLICATION_ID', 'GLUSTER_EVENTING_WEBHOOK_TOKEN', 'GLUSTER_EVENTING_CACHE']) {
      assert.ok(keys.has(key), key);
    }
  });

  test('the option names the file; its values go under the environment', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({ KAFKA_BROKERS: 'file:9092', GLUSTER_EVENTING_TOPIC_PREFIX: 'from-file' }));
    const env: NodeJS.ProcessEnv = { GLUSTER_EVENTING_TOPIC_PREFIX: 'from-env' };
    await applyConfigFile(file, env);
    assert.deepEqual(env, { GLUSTER_EVENTING_CONFIG: file, KAFKA_BROKERS: 'file:9092', GLUSTER_EVENTING_TOPIC_PREFIX: 'from-env' });
  });

  test('without the option, GLUSTER_EVENTING_CONFIG; with neither, nothing happens', async () => {
    const file = join(dir, 'by-env.json');
    await writeFile(file, JSON.stringify({ GLUSTER_EVENTING_CLIENT_ID: 'from-file' }));
    const env: NodeJS.ProcessEnv = { GLUSTER_EVENTING_CONFIG: file };
    await applyConfigFile(undefined, env);
    assert.equal(env['GLUSTER_EVENTING_CLIENT_ID'], 'from-file');
    const untouched: NodeJS.ProcessEnv = { A: 'b' };
    await applyConfigFile(undefined, untouched);
    assert.deepEqual(untouched, { A: 'b' });
  });
});
