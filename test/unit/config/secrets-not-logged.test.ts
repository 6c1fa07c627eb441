import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConfigError, parseSharedSettings } from '../../../src/config/index.js';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./log-settings.fixture.ts', import.meta.url));
const SASL_PASSWORD = 'sasl-Pa55word-4f9c';
const REGISTRY_PASSWORD = 'registry-Pa55word-77e1';
const KEY_SECRET = 'PRIVATE-KEY-BODY-d41d8';

describe('no secret is ever logged', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ge-secrets-'));
    await writeFile(join(dir, 'client.key'), `-----BEGIN PRIVATE KEY-----\n${KEY_SECRET}\n-----END PRIVATE KEY-----\n`);
    await writeFile(join(dir, 'client.pem'), 'not really a certificate');
    await writeFile(join(dir, 'registry-password'), `${REGISTRY_PASSWORD}\n`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('settings logged every way, and the errors of kafkajs and the registry client, never show a password or key', async () => {
    const env = {
      KAFKA_BROKERS: '127.0.0.1:1',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1/apis/ccompat/v7',
      KAFKA_SSL: 'false',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'visible-user',
      KAFKA_SASL_PASSWORD: SASL_PASSWORD,
      SCHEMA_REGISTRY_USERNAME: 'visible-reader',
      SCHEMA_REGISTRY_PASSWORD_FILE: join(dir, 'registry-password'),
    };
    const { stderr } = await run(process.execPath, ['--import', 'tsx', fixture, JSON.stringify(env)], { timeout: 60_000 });
    // The fixture really logged what it holds (else an empty log would pass): usernames and both failures.
    for (const expected of ['visible-user', 'visible-reader', 'kafka connect failed', 'registry register failed', 'scram-sha-512']) {
      assert.ok(stderr.includes(expected), `the log shows ${expected}`);
    }
    assert.ok(!stderr.includes(SASL_PASSWORD), 'the SASL password is not in the log');
    assert.ok(!stderr.includes(REGISTRY_PASSWORD), 'the registry password is not in the log');
    assert.ok(!stderr.includes(Buffer.from(`visible-reader:${REGISTRY_PASSWORD}`).toString('base64')), 'nor the basic auth header');
  });

  test('a client key read for mTLS is not in the log either', async () => {
    const env = { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: join(dir, 'client.pem'), KAFKA_SSL_KEY_FILE: join(dir, 'client.key') };
    const { stderr } = await run(process.execPath, ['--import', 'tsx', fixture, JSON.stringify(env), 'no-clients'], { timeout: 60_000 });
    assert.ok(stderr.includes('not really a certificate'), 'the (public) certificate is logged, so the key would be too if it leaked');
    assert.ok(!stderr.includes(KEY_SECRET));
  });

  test('a ConfigError never echoes a secret value', () => {
    const cases: Array<Record<string, string>> = [
      { KAFKA_SASL_PASSWORD: SASL_PASSWORD },
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: SASL_PASSWORD },
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SASL_PASSWORD, KAFKA_SASL_PASSWORD_FILE: '/x' },
      { SCHEMA_REGISTRY_PASSWORD: REGISTRY_PASSWORD },
      { SCHEMA_REGISTRY_PASSWORD: REGISTRY_PASSWORD, SCHEMA_REGISTRY_PASSWORD_FILE: '/x' },
      { KAFKA_SASL_MECHANISM: SASL_PASSWORD },
      { KAFKA_SSL: SASL_PASSWORD },
    ];
    for (const env of cases) {
      assert.throws(() => parseSharedSettings(env), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.ok(!error.message.includes(SASL_PASSWORD) && !error.message.includes(REGISTRY_PASSWORD), `no secret in: ${error.message}`);
        return true;
      });
    }
  });
});
