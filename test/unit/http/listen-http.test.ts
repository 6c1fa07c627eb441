import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { failureLine } from '../../../src/cli/failure-line.js';
import { isErrorWithCode } from '../../../src/errors/index.js';
import { listenHttp, PortInUseError } from '../../../src/http/index.js';
import { packagePath } from '../../../src/package-root/index.js';

/** A plain TCP listener on a free loopback port: the "other process" holding the port. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  assert.ok(typeof address === 'object' && address !== null);
  return { port: address.port, server };
}

/** Runs the CLI from source; resolves with its exit code and stderr (never rejects on exit ≠ 0). */
function cli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', packagePath('src/cli/main.ts'), ...args], { env: { ...process.env, GLUSTER_EVENTING_LOG_LEVEL: 'warn', ...env }, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error === null ? 0 : 1, stderr });
    });
  });
}

/** The lines a person reads: stderr without the JSON log lines. */
const plainLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

describe('listenHttp: the one place every command with an HTTP port starts listening', () => {
  let held: { port: number; server: Server };
  let dir: string;
  before(async () => {
    held = await holdPort();
    dir = mkdtempSync(join(tmpdir(), 'ge-listen-'));
  });
  after(() => {
    held?.server.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('a taken port is a PortInUseError naming the address, what wanted it and how to choose another', async () => {
    const app = Fastify();
    const error = await listenHttp(app, { host: '127.0.0.1', port: held.port, purpose: 'the test server', setting: '--test-port' }).then(
      () => assert.fail('listened on a taken port'),
      (failure: unknown) => failure,
    );
    await app.close();
    assert.ok(error instanceof PortInUseError);
    assert.ok(isErrorWithCode(error, 'PORT_IN_USE'));
    assert.equal(error.port, held.port);
    assert.equal(error.retriable, true);
    assert.equal((error.cause as NodeJS.ErrnoException).code, 'EADDRINUSE', 'the system error stays as the cause');
    assert.equal(failureLine(error), `port 127.0.0.1:${held.port} (the test server) is already in use: stop what listens there, or choose another port with --test-port`);
  });

  test('port 0 gets a free port; a wildcard host is reached on loopback', async () => {
    const app = Fastify();
    app.get('/ping', async () => 'pong');
    const listening = await listenHttp(app, { host: '0.0.0.0', port: 0, purpose: 'the test server', setting: '--test-port' });
    try {
      assert.ok(listening.port > 0);
      assert.equal(listening.url, `http://0.0.0.0:${listening.port}`);
      assert.equal(listening.localUrl, `http://127.0.0.1:${listening.port}`);
      assert.equal(await (await fetch(`${listening.localUrl}/ping`)).text(), 'pong');
    } finally {
      await app.close();
    }
  });

  test('an IPv6 host is bracketed in both URLs', async () => {
    const app = Fastify();
    try {
      const listening = await listenHttp(app, { host: '::1', port: 0, purpose: 'the test server', setting: '--test-port' });
      assert.equal(listening.localUrl, `http://[::1]:${listening.port}`);
    } catch (error) {
      assert.equal((error as NodeJS.ErrnoException).code, 'EADDRNOTAVAIL', 'only a host without IPv6 may refuse');
    } finally {
      await app.close();
    }
  });

  test('`processor` on a taken port exits 1 with one line naming the port, no stack trace', async () => {
    const { code, stderr } = await cli(['processor', '--http-port', String(held.port), '--http-host', '127.0.0.1']);
    assert.equal(code, 1);
    assert.deepEqual(plainLines(stderr), [
      `gluster-eventing: port 127.0.0.1:${held.port} (the processor's HTTP server) is already in use: stop what listens there, or choose another port with --http-port or GLUSTER_EVENTING_HTTP_PORT`,
    ]);
  });

  test('`webhook` on a taken port exits 1 with one line naming the port, no stack trace', async () => {
    const { code, stderr } = await cli(['webhook', '--port', String(held.port), '--host', '127.0.0.1', '--node-id', 'n1', '--spool-dir', join(dir, 'spool')], { GLUSTER_EVENTING_WEBHOOK_TOKEN: 'secret-token' });
    assert.equal(code, 1);
    assert.deepEqual(plainLines(stderr), [
      `gluster-eventing: port 127.0.0.1:${held.port} (the webhook) is already in use: stop what listens there, or choose another port with --port`,
    ]);
  });
});
