import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

/** Pids of the processes whose command line names `path` (the demo's bus daemons name their config in it). */
function processesNaming(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(path)) pids.push(Number(entry));
    } catch {
      // gone in the meantime
    }
  }
  return pids;
}

describe('npm run demo: after its scenario everything keeps running until SIGINT, which stops it all', () => {
  let stack: TestStack;
  let demo: ChildProcess | undefined;
  let dir: string;
  let output = '';

  before(async () => {
    stack = await useTestStack();
    // The demo's temporary folder (buses, spools) lands in here: what names this folder is the demo's.
    dir = mkdtempSync(join(tmpdir(), 'ge-demo-test-'));
  });

  after(async () => {
    if (demo !== undefined && demo.exitCode === null && demo.signalCode === null) {
      const exited = once(demo, 'exit');
      demo.kill('SIGTERM');
      await Promise.race([exited, delay(60_000)]);
      if (demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
    }
    // Only if the demo could not clean up (killed): its bus daemons, found by the folder they name.
    for (const pid of processesNaming(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await stack?.stop();
  });

  test('the live view and the query API answer after the scenario; SIGINT exits 0 leaving no process or folder', async () => {
    // stdin is not a terminal here: without --keep-running the demo would exit after its scenario.
    demo = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--keep-running'], {
      env: { ...process.env, KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const running = demo;
    await waitFor(() => output.includes('everything keeps running') || running.exitCode !== null, { timeoutMs: 300_000, what: 'the scenario to end' });
    assert.equal(running.exitCode, null, `the demo exited after its scenario:\n${output.slice(-3_000)}`);
    assert.match(output, /every expected state change and alert was seen/, output.slice(-3_000));
    const url = /^live view: +(http:\/\/\S+)\/$/m.exec(output)?.[1] ?? assert.fail(`no live-view URL printed:\n${output}`);

    // The demo used to start stopping right after this line, and was gone about 4 s later: still
    // answering after longer than that is the point.
    await delay(5_000);
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const volumes = (await (await fetch(`${url}/volumes`)).json()) as { items: { name: string; status: string }[] };
    assert.deepEqual(volumes.items.map((volume) => [volume.name, volume.status]), [['gv0', 'STOPPED']]);
    assert.ok(processesNaming(dir).length >= 3, 'the 3 nodes\' bus daemons run while the demo does');

    const exited = once(running, 'exit');
    running.kill('SIGINT');
    const [code, signal] = (await Promise.race([exited, delay(60_000).then(() => assert.fail(`no exit within 60 s of SIGINT:\n${output.slice(-3_000)}`))])) as [number | null, string | null];
    assert.deepEqual([code, signal], [0, null], output.slice(-3_000));
    assert.match(output, /stopped; nothing of the demo is left running/);
    assert.deepEqual(processesNaming(dir), [], 'a process of the demo outlived it');
    // (tsx keeps its own cache in TMPDIR too.)
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('ge-demo-')), [], 'the demo left its temporary folder');
    await assert.rejects(fetch(`${url}/healthz`), 'the processor still answers');
  });
});
