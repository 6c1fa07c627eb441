import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createGlusterCli, GlusterCliError, probeGlusterdState } from '../../../src/gluster-dbus/index.js';
import { fixturePath } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'gluster-cli-test-'));

/** A fake `gluster` that records its arguments, prints `output` and exits with `exitCode`. */
function fakeGluster(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho "$@" > "${path}.args"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('createGlusterCli (exit code and opRet)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('passes the socket, script mode and --xml, and returns <cliOutput> when opRet is 0', async () => {
    const executable = fakeGluster('ok', `cat ${fixturePath('info-started.xml')}`);
    const root = await createGlusterCli({ executable, socketPath: '/tmp/gd/glusterd.socket' }).query(['volume', 'info', 'all']);
    assert.equal(root.name, 'cliOutput');
    assert.equal(readFileSync(`${executable}.args`, 'utf8').trim(), '--glusterd-sock=/tmp/gd/glusterd.socket --mode=script volume info all --xml');
  });

  test('exit 0 with opRet -1 is GLUSTER_CLI_OP_FAILED with opErrno and opErrstr', async () => {
    const executable = fakeGluster('op-failed', `cat ${fixturePath('status-error.xml')}; exit 0`);
    await assert.rejects(createGlusterCli({ executable }).query(['volume', 'status', 'nosuchvol']), (error: unknown) => {
      assert.ok(error instanceof GlusterCliError);
      assert.equal(error.code, 'GLUSTER_CLI_OP_FAILED');
      assert.equal(error.retriable, false);
      assert.deepEqual(error.failure, { kind: 'op-failed', opRet: -1, opErrno: 30800, opErrstr: 'Volume nosuchvol does not exist' });
      return true;
    });
  });

  test('a non-zero exit (glusterd not running) is retriable GLUSTER_CLI_UNAVAILABLE', async () => {
    const executable = fakeGluster('down', 'echo "Connection failed. Please check if gluster daemon is operational."; exit 1');
    await assert.rejects(createGlusterCli({ executable }).query(['pool', 'list']), (error: unknown) => {
      assert.ok(error instanceof GlusterCliError);
      assert.equal(error.code, 'GLUSTER_CLI_UNAVAILABLE');
      assert.equal(error.retriable, true);
      assert.match(error.message, /Connection failed/);
      return true;
    });
  });

  test('a hanging CLI is killed after the timeout and reported unavailable', async () => {
    const executable = fakeGluster('hang', 'exec sleep 10');
    await assert.rejects(createGlusterCli({ executable, timeoutMs: 100 }).query(['pool', 'list']), { code: 'GLUSTER_CLI_UNAVAILABLE' });
  });

  test('probeGlusterdState: answers → loaded/active, connection failed → loaded/inactive, opRet≠0 → failed, no binary → not-found', async () => {
    const probe = (executable: string) => probeGlusterdState(createGlusterCli({ executable }))();
    assert.deepEqual(await probe(fakeGluster('pool-ok', `cat ${fixturePath('status-created.xml')}`)), { LoadState: 'loaded', ActiveState: 'active' });
    assert.deepEqual(await probe(fakeGluster('pool-down', 'exit 1')), { LoadState: 'loaded', ActiveState: 'inactive' });
    assert.deepEqual(await probe(fakeGluster('pool-err', `cat ${fixturePath('status-error.xml')}`)), { LoadState: 'loaded', ActiveState: 'failed' });
    assert.deepEqual(await probe(fakeGluster('pool-garbage', 'echo garbage')), { LoadState: 'loaded', ActiveState: 'failed' });
    assert.deepEqual(await probe(join(dir, 'no-such-gluster')), { LoadState: 'not-found', ActiveState: 'inactive' });
  });
});
