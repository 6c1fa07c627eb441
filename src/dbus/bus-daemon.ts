import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { busDaemonConfig } from './bus-daemon-config.js';
import { BusDaemonError } from './bus-daemon-error.js';
import { stopOnExit } from './stop-on-exit.js';

const run = promisify(execFile);

/** Linux `sun_path` is 108 bytes including the NUL; dbus-daemon fails obscurely beyond it. */
const MAX_SOCKET_PATH_BYTES = 107;

export interface StartBusDaemonOptions {
  /** Directory for the config file and the socket (`bus.conf`, `bus.sock`); created if missing. */
  readonly dir: string;
  /** Binary to run; defaults to `dbus-daemon` on PATH. */
  readonly executable?: string;
}

/** A running private bus. `address` has no `guid`, so it stays valid when the daemon is restarted in the same dir. */
export interface BusDaemon {
  readonly address: string;
  readonly pid: number;
  readonly socketPath: string;
  /** Terminates the daemon, waits until it is gone and removes the socket. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a private, permissive, system-like `dbus-daemon` on a unix socket in `dir`. The daemon
 * forks into the background, so the caller owns its pid and must call `stop()` (tests: in `after`);
 * should this process exit first, the daemon is sent SIGTERM then (see `stopOnExit`).
 *
 * @example
 * const bus = await startBusDaemon({ dir: '/tmp/node1' });
 * const client = dbus.sessionBus({ busAddress: bus.address });
 * // ...
 * await bus.stop();
 */
export async function startBusDaemon(options: StartBusDaemonOptions): Promise<BusDaemon> {
  const dir = resolve(options.dir);
  const socketPath = join(dir, 'bus.sock');
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new BusDaemonError(dir, `socket path ${socketPath} is longer than ${MAX_SOCKET_PATH_BYTES} bytes`);
  }
  const configPath = join(dir, 'bus.conf');
  await mkdir(dir, { recursive: true });
  await writeFile(configPath, busDaemonConfig(socketPath));
  // A socket left by a killed daemon would make the new one fail with "address in use".
  await rm(socketPath, { force: true });

  let stdout: string;
  try {
    ({ stdout } = await run(options.executable ?? 'dbus-daemon', [
      `--config-file=${configPath}`,
      '--fork',
      '--print-address=1',
      '--print-pid=1',
    ]));
  } catch (error) {
    throw new BusDaemonError(dir, error instanceof Error ? error.message.split('\n')[0] ?? 'failed' : 'failed', error);
  }
  const [addressLine, pidLine] = stdout.trim().split('\n');
  const pid = Number(pidLine);
  if (addressLine === undefined || !addressLine.startsWith('unix:') || !Number.isInteger(pid) || pid <= 0) {
    throw new BusDaemonError(dir, `unexpected output ${JSON.stringify(stdout)}`);
  }

  const release = stopOnExit(pid, configPath);
  let stopped: Promise<void> | undefined;
  return {
    address: `unix:path=${socketPath}`,
    pid,
    socketPath,
    stop: () => (stopped ??= stopProcess(pid).then(() => {
      release();
      return rm(socketPath, { force: true });
    })),
  };
}

async function stopProcess(pid: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
    if (!signal(pid, 0)) return;
  }
  signal(pid, 'SIGKILL');
}

/** Sends a signal; false when the process no longer exists. */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
