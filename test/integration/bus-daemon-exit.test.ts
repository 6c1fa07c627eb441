import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { waitFor } from '../helpers/stack.js';
import { goneOrZombie } from '../helpers/real-gluster.js';

const run = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;

/** Runs `script` (ES module source, `dir` bound) in a fresh node process that exits without any cleanup; returns its stdout. */
async function runAndExit(script: string, dir: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const dir = ${JSON.stringify(dir)};\n${script}`], { cwd: repo, timeout: 30_000 });
  return stdout.trim();
}

// A real dbus-daemon: `--fork` detaches it, so only the owner's exit hook can end it when the owner dies early.
describe('a private dbus-daemon whose owner exits without stopping it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bus-exit-'));
  const started: number[] = [];
  after(() => {
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: what the test wants
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('is ended when its owner calls process.exit', async () => {
    const pid = Number(await runAndExit(`import { startBusDaemon } from './src/dbus/index.ts';\nconst bus = await startBusDaemon({ dir });\nconsole.log(bus.pid);\nprocess.exit(0);`, dir));
    assert.ok(Number.isInteger(pid) && pid > 0, `the child printed the daemon's pid (${pid})`);
    started.push(pid);
    await waitFor(() => goneOrZombie(pid), { timeoutMs: 5_000, what: `dbus-daemon ${pid} gone after its owner exited` });
  });

  test('a pid that no longer runs the daemon (reused) is left alone', async () => {
    // Any process whose command line lacks the marker stands in for a pid the kernel gave to someone else.
    const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
    assert.ok(bystander.pid !== undefined);
    started.push(bystander.pid);
    await runAndExit(`import { stopOnExit } from './src/dbus/stop-on-exit.ts';\nstopOnExit(${bystander.pid}, dir + '/bus.conf');\nprocess.exit(0);`, dir);
    assert.equal(goneOrZombie(bystander.pid), false, 'the bystander still runs');
  });
});
