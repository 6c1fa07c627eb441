import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isErrorWithCode } from '../../../src/errors/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { openSpool, type Spool } from '../../../src/producer/spool/spool.js';
import { tempDirs } from '../../helpers/temp-dirs.js';

const freshDir = tempDirs('spool-lock-');
const open = (dir: string): Spool => openSpool({ dir, maxBytes: 1 << 20, logger: silentLogger });
const lockFile = (dir: string): string => join(dir, 'producer.lock');
const startTimeOf = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] ?? '';
const refusal = (dir: string): unknown => {
  try {
    open(dir).close();
  } catch (error) {
    return error;
  }
  return undefined;
};

/** Runs `body` while a child process (not this one) is alive. */
async function withLiveProcess(body: (pid: number) => void): Promise<void> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });
  try {
    await once(child, 'spawn');
    body(child.pid ?? -1);
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

describe('spool lock: one producer per spool directory', () => {
  test('a second open in this process while the first is open is refused with SPOOL_LOCKED; after close it opens, with the data', () => {
    const dir = freshDir();
    const first = open(dir);
    first.append(Buffer.from('kept'));
    const error = refusal(dir);
    assert.ok(isErrorWithCode(error, 'SPOOL_LOCKED'), `expected SPOOL_LOCKED, got ${String(error)}`);
    assert.match((error as Error).message, new RegExp(`spool ${dir} is in use by another producer of this process`));
    first.close();
    assert.equal(existsSync(lockFile(dir)), false, 'close removes the lock file');
    const second = open(dir);
    assert.deepEqual(second.read(10, 1 << 20)?.payloads.map(String), ['kept']);
    second.close();
  });

  test('a lock held by another live process is refused, naming its pid', async () => {
    const dir = freshDir();
    await withLiveProcess((pid) => {
      writeFileSync(lockFile(dir), JSON.stringify({ pid, start: startTimeOf(pid) }));
      const error = refusal(dir);
      assert.ok(isErrorWithCode(error, 'SPOOL_LOCKED'), `expected SPOOL_LOCKED, got ${String(error)}`);
      assert.match((error as Error).message, new RegExp(`in use by process ${pid} \\(pid ${pid}\\)`));
      assert.equal(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid, pid, 'the owner keeps its lock');
    });
  });

  test('stale locks are taken over: the process is gone, its pid was reused, it was this pid in an earlier life, or the file is torn', async () => {
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(gone, 'exit');
    const takeOver = (content: string): void => {
      const dir = freshDir();
      writeFileSync(lockFile(dir), content);
      const spool = open(dir);
      assert.equal(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid, process.pid, `taken over from ${content}`);
      spool.close();
    };
    takeOver(JSON.stringify({ pid: gone.pid, start: '1' }));
    takeOver(JSON.stringify({ pid: process.pid, start: startTimeOf(process.pid) }));
    takeOver('{"pid": 4');
    await withLiveProcess((pid) => takeOver(JSON.stringify({ pid, start: `${startTimeOf(pid)}0` })));
  });
});
