import { execFile, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import dbus from 'dbus-next';
import { busDaemonConfig } from '../../../src/dbus/bus-daemon-config.js';
import { createExportedInterface, GLUSTERD_SPEC, ObjectTree } from '../../../src/dbus/index.js';

const run = promisify(execFile);

/** The dbus-daemon binary, or undefined when it is not installed (Debian package dbus-daemon). */
export const DBUS_DAEMON: string | undefined = spawnSync('sh', ['-c', 'command -v dbus-daemon'], { encoding: 'utf8' }).stdout.trim() || undefined;

export interface PolicyBus {
  readonly address: string;
  readonly pid: number;
  stop(): void;
}

/**
 * A private dbus-daemon with the project's permissive system-like configuration
 * (src/dbus/bus-daemon-config.ts) plus `<include>`s of the given policy files, as a system bus adds
 * /etc/dbus-1/system.d/*.conf. Rejects with dbus-daemon's own message when a file is invalid. The
 * caller stops it (by pid) when done.
 */
export async function startPolicyBus(dir: string, policyFiles: readonly string[]): Promise<PolicyBus> {
  const socketPath = join(dir, 'bus.sock');
  const includes = policyFiles.map((file) => `  <include>${file}</include>\n`).join('');
  const configPath = join(dir, 'bus.conf');
  await writeFile(configPath, busDaemonConfig(socketPath).replace('</busconfig>', `${includes}</busconfig>`));
  const { stdout } = await run(DBUS_DAEMON ?? 'dbus-daemon', [`--config-file=${configPath}`, '--fork', '--print-address=1', '--print-pid=1']);
  const pid = Number(stdout.trim().split('\n')[1]);
  return {
    address: `unix:path=${socketPath}`,
    pid,
    stop: () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

export const OBJECT_ROOT = '/test';
export const OBJECT_PATH = '/test/glusterd';

/** A service owning `busName` with an ObjectManager at {@link OBJECT_ROOT} and one glusterd object. */
export async function startService(address: string, busName: string): Promise<dbus.MessageBus> {
  const bus = dbus.sessionBus({ busAddress: address });
  const tree = new ObjectTree(OBJECT_ROOT);
  tree.add(OBJECT_PATH, [createExportedInterface(GLUSTERD_SPEC, { LoadState: 'loaded', ActiveState: 'active' })]);
  tree.attach(bus);
  await bus.requestName(busName, dbus.NameFlag.DO_NOT_QUEUE);
  return bus;
}

/** 'ok' when the call was answered with a method return, else the D-Bus error name. */
export async function callOutcome(bus: dbus.MessageBus, call: { destination: string; path: string; interface: string; member: string; signature?: string; body?: unknown[] }): Promise<string> {
  const reply = bus.call(new dbus.Message({ type: dbus.MessageType.METHOD_CALL, ...call })).then(
    () => 'ok',
    (error: unknown) => (error instanceof dbus.DBusError ? error.type : String(error)),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), 5_000)));
  try {
    return await Promise.race([reply, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
