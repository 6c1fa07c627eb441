import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * How a long-lived child is launched and recognised again. `marker` is a string unique to this stack
 * that appears in the child's command line (its properties file or data path): before signalling a
 * recorded pid we check it, so a pid reused by an unrelated process after a reboot is never killed.
 */
export interface ServiceLaunch {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
  readonly marker: string;
}

/**
 * `ownProcessGroup`: a terminal's Ctrl-C does not reach the child (the CLI's `stack up`, whose stack
 * outlives us, and the demo, which stops its stack itself). Otherwise the child stays in our group, so
 * a terminal's Ctrl-C reaches it too (what tests want). Either way the child is unref'd: it never
 * holds this process open.
 */
export async function spawnService(launch: ServiceLaunch, ownProcessGroup: boolean): Promise<number> {
  await mkdir(dirname(launch.logFile), { recursive: true });
  const [command, ...args] = launch.argv;
  if (command === undefined) throw new TypeError('empty argv');
  const log = openSync(launch.logFile, 'a');
  try {
    const child = spawn(command, args, { cwd: launch.cwd, detached: ownProcessGroup, stdio: ['ignore', log, log] });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid ?? -1));
    });
    child.unref();
    return pid;
  } finally {
    closeSync(log);
  }
}

/** Alive, not a zombie, and (on Linux) still running the command line that contains `marker`. */
export function isAlive(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) Z/.test(stat)) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return process.platform !== 'linux'; // no /proc to check against: trust kill(0)
  }
}

/**
 * SIGTERM, wait up to `graceMs` for the exit, then SIGKILL and wait again. `graceMs: 0` kills at once
 * (fault tests, throw-away stacks). Resolves once the process is gone.
 */
export async function stopService(pid: number, marker: string, graceMs: number): Promise<void> {
  if (!isAlive(pid, marker)) return;
  if (graceMs > 0) {
    signal(pid, 'SIGTERM');
    if (await waitForExit(pid, marker, graceMs)) return;
  }
  signal(pid, 'SIGKILL');
  await waitForExit(pid, marker, 10_000);
}

/** Synchronous SIGKILL, for `process.on('exit')` where nothing asynchronous runs any more. */
export function killNow(pid: number, marker: string): void {
  if (isAlive(pid, marker)) signal(pid, 'SIGKILL');
}

async function waitForExit(pid: number, marker: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid, marker)) return true;
    await delay(100);
  }
  return !isAlive(pid, marker);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The last `count` non-empty lines of a log, for crash messages. */
export function tailLines(file: string, count: number): string[] {
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim().length > 0);
    return lines.slice(-count).map((line) => line.trim().slice(0, 300));
  } catch {
    return [];
  }
}
