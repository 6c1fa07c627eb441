import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, parseSharedSettings, type ReadSettingFile } from '../../../src/config/index.js';

const files: Record<string, string> = {
  '/ca.pem': '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
  '/client.pem': 'CLIENT CERT',
  '/client.key': 'CLIENT KEY',
  '/sasl-password': 'from-a-file\n',
  '/empty': '\n',
};
const read: ReadSettingFile = (path) => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
};
const parse = (env: Record<string, string>) => parseSharedSettings(env, read);

function configError(env: Record<string, string>): ConfigError {
  try {
    parse(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(Object.keys(env))} to be rejected`);
}

describe('Kafka TLS and SASL settings', () => {
  test('unset: plaintext, no SASL', () => {
    assert.deepEqual(parse({}).kafka.security, {});
  });

  test('SCRAM over TLS with a private CA: files are read once, the password kept', () => {
    const { tls, sasl } = parse({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/ca.pem',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'app',
      KAFKA_SASL_PASSWORD: 'hunter2-secret',
    }).kafka.security;
    assert.deepEqual(tls, { ca: files['/ca.pem'], rejectUnauthorized: true });
    assert.equal(sasl?.mechanism, 'scram-sha-512');
    assert.equal(sasl?.username, 'app');
    assert.equal(sasl?.password, 'hunter2-secret');
  });

  test('mTLS: certificate and key; a password file loses its trailing newline', () => {
    const { tls, sasl } = parse({
      KAFKA_SSL: '1',
      KAFKA_SSL_CERT_FILE: '/client.pem',
      KAFKA_SSL_KEY_FILE: '/client.key',
      KAFKA_SSL_REJECT_UNAUTHORIZED: 'false',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'app',
      KAFKA_SASL_PASSWORD_FILE: '/sasl-password',
    }).kafka.security;
    assert.equal(tls?.cert, 'CLIENT CERT');
    assert.equal(tls?.key, 'CLIENT KEY');
    assert.equal(tls?.rejectUnauthorized, false);
    assert.equal(sasl?.password, 'from-a-file');
  });

  test('empty values mean unset (compose and env files)', () => {
    assert.deepEqual(parse({ KAFKA_SSL: '', KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '' }).kafka.security, {});
  });

  const invalid: Array<[string, Record<string, string>, string, RegExp]> = [
    ['a mechanism without a username', { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'x' }, 'KAFKA_SASL_USERNAME', /required when KAFKA_SASL_MECHANISM/],
    ['a mechanism without a password', { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'app' }, 'KAFKA_SASL_PASSWORD', /required/],
    ['a username without a mechanism', { KAFKA_SASL_USERNAME: 'app' }, 'KAFKA_SASL_MECHANISM', /required when KAFKA_SASL_USERNAME/],
    ['both password and password file', { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'x', KAFKA_SASL_PASSWORD_FILE: '/sasl-password' }, 'KAFKA_SASL_PASSWORD_FILE', /not both/],
    ['an unknown mechanism', { KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM', /scram-sha-256, scram-sha-512 or plain/],
    ['a CA file without KAFKA_SSL', { KAFKA_SSL_CA_FILE: '/ca.pem' }, 'KAFKA_SSL', /must be true when KAFKA_SSL_CA_FILE/],
    ['KAFKA_SSL not a boolean', { KAFKA_SSL: 'yes please' }, 'KAFKA_SSL', /true or false/],
    ['a certificate without its key', { KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/client.pem' }, 'KAFKA_SSL_KEY_FILE', /required with KAFKA_SSL_CERT_FILE/],
    ['an unreadable CA file', { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/missing.pem' }, 'KAFKA_SSL_CA_FILE', /cannot read \/missing\.pem \(ENOENT\)/],
    ['an empty password file', { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD_FILE: '/empty' }, 'KAFKA_SASL_PASSWORD_FILE', /is empty/],
  ];
  for (const [what, env, setting, message] of invalid) {
    test(`${what}: one ConfigError naming ${setting}`, () => {
      const error = configError(env);
      assert.equal(error.setting, setting);
      assert.equal(error.code, 'CONFIG_INVALID');
      assert.match(error.message, message);
      assert.ok(!error.message.includes('\n'), 'one line');
    });
  }
});

describe('schema registry basic auth and CA settings', () => {
  test('credentials and the CA of an https registry', () => {
    const registry = parse({
      SCHEMA_REGISTRY_URL: 'https://registry.example:8443/apis/ccompat/v7',
      SCHEMA_REGISTRY_USERNAME: 'reader',
      SCHEMA_REGISTRY_PASSWORD_FILE: '/sasl-password',
      SCHEMA_REGISTRY_CA_FILE: '/ca.pem',
    }).schemaRegistry;
    assert.equal(registry.url, 'https://registry.example:8443/apis/ccompat/v7');
    assert.equal(registry.auth?.username, 'reader');
    assert.equal(registry.auth?.password, 'from-a-file');
    assert.equal(registry.ca, files['/ca.pem']);
  });

  test('unset: the URL alone', () => {
    assert.deepEqual(parse({}).schemaRegistry, { url: 'http://127.0.0.1:8081/apis/ccompat/v7' });
  });

  const invalid: Array<[string, Record<string, string>, string]> = [
    ['a username without a password', { SCHEMA_REGISTRY_USERNAME: 'reader' }, 'SCHEMA_REGISTRY_PASSWORD'],
    ['a password without a username', { SCHEMA_REGISTRY_PASSWORD: 'x' }, 'SCHEMA_REGISTRY_USERNAME'],
    ['a CA for an http registry', { SCHEMA_REGISTRY_CA_FILE: '/ca.pem' }, 'SCHEMA_REGISTRY_CA_FILE'],
  ];
  for (const [what, env, setting] of invalid) {
    test(`${what}: one ConfigError naming ${setting}`, () => {
      assert.equal(configError(env).setting, setting);
    });
  }
});
