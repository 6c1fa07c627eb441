import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parseSharedSettings } from '../../src/config/index.js';
import { createKafkaClient, topicNames } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { pickFreePorts, type SecureAccess } from '../../src/stack/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const TOKEN = 'security-it-token-123';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the real CLI with exactly `env` as its settings (no plaintext addresses leak in from `npm test`). */
async function cli(env: Readonly<Record<string, string>>, args: readonly string[], timeoutMs = 120_000): Promise<CliResult> {
  const started = Date.now();
  const settled = await run(process.execPath, [...CLI, ...args], { env: childEnv(env), timeout: timeoutMs }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number | string; stdout?: string; stderr?: string }) => ({ code: typeof error.code === 'number' ? error.code : -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  return { ...settled, ms: Date.now() - started };
}

function childEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(KAFKA_|SCHEMA_REGISTRY_|GLUSTER_EVENTING_)/.test(key)));
  return { ...inherited, GLUSTER_EVENTING_LOG_LEVEL: 'info', ...env };
}

/** The CLI says what failed in one `gluster-eventing: ...` line (JSON log lines may follow it), not a stack trace. */
function assertOneLineFailure(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  assert.equal(stderr.split('\n').filter((line) => /^gluster-eventing: (Kafka|TLS): /.test(line)).length, 1, stderr.slice(-2000));
}

/** A GET on the https registry trusting the stack's CA, with or without credentials: the status code. */
function registryStatus(access: SecureAccess, auth?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${access.registryUrl}/subjects`, { ca: readFileSync(access.caFile, 'utf8'), ...(auth === undefined ? {} : { auth }) }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('TLS + SCRAM end to end against `stack up --secure`', () => {
  let stack: TestStack;
  let access: SecureAccess;
  let env: Record<string, string>;
  let secrets: string[];
  let workDir: string;
  const children: ChildProcess[] = [];

  before(async () => {
    stack = await useTestStack({ secure: true });
    assert.ok(stack.secure !== undefined, 'a secure stack says how to connect');
    access = stack.secure;
    env = { ...access.environment, GLUSTER_EVENTING_TOPIC_PREFIX: uniqueName('secure') };
    secrets = [access.passwordFile, access.registryPasswordFile].map((file) => readFileSync(file, 'utf8').trim());
    workDir = await mkdtemp(join(tmpdir(), 'ge-security-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await stack?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  /** No secret in anything a command printed: the check every test below ends with. */
  function assertNoSecret(...outputs: string[]): void {
    for (const output of outputs) for (const secret of secrets) assert.ok(!output.includes(secret), 'a password appeared in a command output');
  }

  test('topics apply and schemas register over SASL_SSL and https with basic auth', async () => {
    const topics = await cli(env, ['topics', 'apply', '--json']);
    assert.equal(topics.code, 0, topics.stderr);
    const raw = topicNames(env['GLUSTER_EVENTING_TOPIC_PREFIX'] ?? '').raw;
    assert.ok(topics.stdout.includes(raw), `topics apply created ${raw}: ${topics.stdout}`);

    const schemas = await cli(env, ['schemas', 'register']);
    assert.equal(schemas.code, 0, schemas.stderr);
    assertNoSecret(topics.stdout, topics.stderr, schemas.stdout, schemas.stderr);

    // What reached the cluster, seen by a client built from the same settings the CLI parsed.
    const admin = createKafkaClient({ ...parseSharedSettings(env).kafka, logger: silentLogger }).admin();
    await admin.connect();
    try {
      assert.ok((await admin.listTopics()).includes(raw));
    } finally {
      await admin.disconnect();
    }
  });

  test('the registry refuses requests without valid credentials', async () => {
    assert.equal(await registryStatus(access), 401, 'no credentials');
    assert.equal(await registryStatus(access, `${access.registryUsername}:wrong-password`), 401, 'wrong password');
    const password = readFileSync(access.registryPasswordFile, 'utf8').trim();
    assert.equal(await registryStatus(access, `${access.registryUsername}:${password}`), 200, 'right password');

    const { SCHEMA_REGISTRY_PASSWORD_FILE: _file, ...withoutPassword } = env;
    const refused = await cli({ ...withoutPassword, SCHEMA_REGISTRY_PASSWORD: 'wrong-password' }, ['schemas', 'register']);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /refused the credentials/);
    assertNoSecret(refused.stdout, refused.stderr);
  });

  test('a record sent by the webhook over SASL_SSL is read back read_committed by tail', async () => {
    const [port] = await pickFreePorts(1);
    const webhook = spawn(
      process.execPath,
      [...CLI, 'webhook', '--host', '127.0.0.1', '--port', String(port), '--node-id', 'secure-node', '--spool-dir', join(workDir, 'spool'), '--flush-timeout-ms', '20000'],
      { env: childEnv({ ...env, GLUSTER_EVENTING_WEBHOOK_TOKEN: TOKEN }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(webhook);
    let webhookLog = '';
    webhook.stdout?.on('data', (chunk: Buffer) => (webhookLog += chunk.toString()));
    webhook.stderr?.on('data', (chunk: Buffer) => (webhookLog += chunk.toString()));
    const volume = uniqueName('secure-volume');
    const event = { event: 'VOLUME_CREATE', nodeid: '73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0', ts: 1795503000, message: { name: volume, force: false } };
    const post = async (): Promise<number> =>
      (await fetch(`http://127.0.0.1:${port}/listen`, { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })).status;
    await waitFor(async () => webhook.exitCode === null && (await post()) === 200, { timeoutMs: 60_000, what: `the webhook accepting an event (log: ${webhookLog.slice(-500)})` });

    const raw = topicNames(env['GLUSTER_EVENTING_TOPIC_PREFIX'] ?? '').raw;
    const seen = await waitFor(
      async () => {
        const tail = await cli(env, ['tail', raw, '--from-beginning']);
        assert.equal(tail.code, 0, tail.stderr);
        assertNoSecret(tail.stdout, tail.stderr);
        return tail.stdout.includes(volume) ? tail.stdout : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000, what: `the event of ${volume} on ${raw}` },
    );
    assert.match(seen, /VOLUME_CREATE/);

    webhook.kill('SIGTERM');
    const exitCode = await new Promise<number | null>((resolve) => (webhook.exitCode !== null ? resolve(webhook.exitCode) : webhook.once('exit', resolve)));
    assert.equal(exitCode, 0, webhookLog.slice(-2000));
    assertNoSecret(webhookLog);
  });

  test('a wrong SCRAM password fails fast with an authentication error', async () => {
    const { KAFKA_SASL_PASSWORD_FILE: _file, ...withoutPassword } = env;
    const result = await cli({ ...withoutPassword, KAFKA_SASL_PASSWORD: 'wrong-password' }, ['topics', 'apply']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /SASL SCRAM SHA512 authentication failed/);
    assertOneLineFailure(result.stderr);
    assert.ok(result.ms < 30_000, `failed in ${result.ms} ms, not after a hang`);
    assertNoSecret(result.stdout, result.stderr);
  });

  test('without the CA the broker certificate is not trusted: a TLS error, not a hang', async () => {
    const { KAFKA_SSL_CA_FILE: _ca, ...withoutCa } = env;
    const result = await cli(withoutCa, ['topics', 'apply']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /unable to verify the first certificate|self[- ]signed certificate/);
    assertOneLineFailure(result.stderr);
    assert.ok(result.ms < 60_000, `failed in ${result.ms} ms, not after a hang`);
    assertNoSecret(result.stdout, result.stderr);
  });

  test('the plaintext client settings cannot use the SASL_SSL listener', async () => {
    const plain = { KAFKA_BROKERS: env['KAFKA_BROKERS'] ?? '', SCHEMA_REGISTRY_URL: access.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: env['GLUSTER_EVENTING_TOPIC_PREFIX'] ?? '' };
    const result = await cli(plain, ['topics', 'apply']);
    assert.notEqual(result.code, 0, 'a client without TLS and SASL is turned away');
  });
});
