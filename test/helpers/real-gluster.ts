import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Cleanup } from './cleanup.js';
import { waitFor } from './stack.js';

/**
 * Real Gluster, udev and udisks for integration tests on one root machine: an isolated glusterd
 * (own working directory and CLI socket), ext4 brick filesystems on loop devices, udevd + udisksd
 * on a private bus, and a strict-policy bus for testing D-Bus policy files. Every start function
 * returns a handle whose `stop()` undoes exactly what it did (by PID, device and mount point it
 * recorded), is safe to call twice, and is also registered on a {@link Cleanup} so that one
 * `cleanup.run()` in `after` tears everything down in reverse order even when a test failed.
 */

const run = promisify(execFile);

export { Cleanup } from './cleanup.js';

/** Why real Gluster cannot run here, or undefined when it can. For `t.skip(reason)` / `describe(..., { skip })`. */
export async function realGlusterSkipReason(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'real Gluster needs Linux';
  if (process.getuid?.() !== 0) return 'real Gluster needs root (glusterd, losetup, mount)';
  for (const binary of ['/usr/sbin/glusterd', '/usr/sbin/gluster', '/usr/sbin/losetup', '/usr/sbin/mkfs.ext4', '/usr/bin/dbus-daemon', '/usr/bin/dbus-send']) {
    if (!existsSync(binary)) return `${binary} is missing (apt-get install glusterfs-server dbus)`;
  }
  if (!existsSync('/dev/loop-control')) return 'no /dev/loop-control: loop devices are unavailable';
  if (await portAnswers(24007)) return 'something already listens on 24007: only one glusterd may run per host';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// glusterd

export interface IsolatedGlusterd {
  /** glusterd's working directory (`*.working-directory`). */
  readonly workdir: string;
  /** The CLI socket (`*.glusterd-sockfile`); pass to `gluster --glusterd-sock=`. */
  readonly socketPath: string;
  readonly pid: number;
  readonly logFile: string;
  /** Runs `gluster --glusterd-sock=... --mode=script <args>` (add `--xml` yourself); rejects on exit ≠ 0. */
  gluster(args: readonly string[]): Promise<string>;
  /** Brick process pids from `volume status <volume> --xml`. */
  brickPids(volume: string): Promise<number[]>;
  /** Stops and deletes every volume of this glusterd, kills leftover bricks, then glusterd. Idempotent. */
  stop(): Promise<void>;
}

export interface StartIsolatedGlusterdOptions {
  /** Scratch folder (the working directory and logs go below it). */
  readonly dir: string;
  /** Extra environment for glusterd and so for its hook scripts (e.g. DBUS_SYSTEM_BUS_ADDRESS). */
  readonly env?: Readonly<Record<string, string>>;
  /** Hook scripts to install: op (create, start, ...) → file to copy into hooks/1/<op>/post/. */
  readonly postHooks?: Readonly<Record<string, string>>;
  readonly cleanup: Cleanup;
}

/**
 * Starts glusterd in the foreground (`-N`, our child, so we own and reap its pid) with its state in
 * `<dir>/glusterd` and its CLI socket at `<dir>/glusterd/glusterd.socket`, the stock hooks and groups
 * copied in first (glusterd expects them), and waits until `pool list` answers. Bricks, brick logs
 * and /run/gluster still use the global paths; port 24007 is global, so check
 * {@link realGlusterSkipReason} first.
 */
export async function startIsolatedGlusterd(options: StartIsolatedGlusterdOptions): Promise<IsolatedGlusterd> {
  const workdir = join(options.dir, 'glusterd');
  const socketPath = join(workdir, 'glusterd.socket');
  const logFile = join(options.dir, 'glusterd.log');
  await mkdir(workdir, { recursive: true });
  for (const folder of ['hooks', 'groups']) {
    if (existsSync(`/var/lib/glusterd/${folder}`)) await cp(`/var/lib/glusterd/${folder}`, join(workdir, folder), { recursive: true });
  }
  for (const [op, file] of Object.entries(options.postHooks ?? {})) {
    const post = join(workdir, 'hooks', '1', op, 'post');
    await mkdir(post, { recursive: true });
    const target = join(post, file.split('/').at(-1)!);
    await cp(file, target);
    await chmod(target, 0o755);
  }
  const child = spawn(
    '/usr/sbin/glusterd',
    ['-N', '--xlator-option', `*.working-directory=${workdir}`, '--xlator-option', `*.glusterd-sockfile=${socketPath}`,
      '-p', join(options.dir, 'glusterd.pid'), `--log-file=${logFile}`, '--log-level=INFO'],
    { env: { ...process.env, ...options.env }, stdio: 'ignore' },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('glusterd did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gluster = async (args: readonly string[]): Promise<string> =>
    (await run('/usr/sbin/gluster', [`--glusterd-sock=${socketPath}`, '--mode=script', ...args], { timeout: 120_000 })).stdout;

  let stopped: Promise<void> | undefined;
  const handle: IsolatedGlusterd = {
    workdir, socketPath, pid, logFile, gluster,
    brickPids: async (volume) => {
      const xml = await gluster(['volume', 'status', volume, '--xml']);
      return [...xml.matchAll(/<pid>(\d+)<\/pid>/g)].map((match) => Number(match[1])).filter((value) => value > 0);
    },
    stop: () => (stopped ??= stopGlusterd(handle, child, exited, options.dir)),
  };
  options.cleanup.defer('glusterd', () => handle.stop());
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await gluster(['pool', 'list', '--xml'])).includes('<opRet>0</opRet>')) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`glusterd exited with ${child.exitCode}; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`glusterd did not answer within 30 s; see ${logFile}`);
    await delay(100);
  }
  return handle;
}

async function stopGlusterd(handle: IsolatedGlusterd, child: ChildProcess, exited: Promise<void>, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    try {
      const names = [...(await handle.gluster(['volume', 'list'])).matchAll(/^(\S+)$/gm)].map((match) => match[1]!).filter((name) => name !== 'No');
      for (const name of names) {
        await handle.gluster(['volume', 'stop', name, 'force']).catch(() => undefined);
        await handle.gluster(['volume', 'delete', name]).catch(() => undefined);
      }
    } catch {
      // glusterd no longer answers; bricks are killed below
    }
    child.kill('SIGTERM');
    await Promise.race([exited, delay(10_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
  // Brick processes of our volumes that outlived glusterd: found by the brick path under `dir`.
  for (const pid of await processesMentioning(`--brick-name ${dir}`)) signal(pid, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------
// loop-device brick filesystems

export interface LoopFilesystem {
  readonly image: string;
  readonly device: string;
  readonly mountPoint: string;
  /** Unmounts, detaches the loop device and deletes the image. Idempotent. */
  stop(): Promise<void>;
}

/** `truncate` an image, `losetup -f --show`, `mkfs.ext4 -q`, mount it at `<dir>/<name>`. */
export async function createLoopFilesystem(options: { readonly dir: string; readonly name: string; readonly sizeMb?: number; readonly cleanup: Cleanup }): Promise<LoopFilesystem> {
  const image = join(options.dir, `${options.name}.img`);
  const mountPoint = join(options.dir, options.name);
  await mkdir(mountPoint, { recursive: true });
  await run('truncate', ['-s', `${options.sizeMb ?? 64}M`, image]);
  const device = (await run('/usr/sbin/losetup', ['-f', '--show', image])).stdout.trim();
  let mounted = false;
  let stopped: Promise<void> | undefined;
  const handle: LoopFilesystem = {
    image, device, mountPoint,
    stop: () =>
      (stopped ??= (async () => {
        if (mounted) {
          // A brick process that is still dying can keep the mount busy for a moment.
          for (let attempt = 0; ; attempt++) {
            try {
              await run('umount', [mountPoint]);
              break;
            } catch (error) {
              if (attempt >= 20) {
                await run('umount', ['-l', mountPoint]);
                break;
              }
              await delay(250);
            }
          }
        }
        await run('/usr/sbin/losetup', ['-d', device]).catch(() => undefined);
        await rm(image, { force: true });
      })()),
  };
  options.cleanup.defer(`loop filesystem ${device}`, () => handle.stop());
  await run('/usr/sbin/mkfs.ext4', ['-q', '-L', options.name.slice(0, 16), device]);
  await run('mount', [device, mountPoint]);
  mounted = true;
  return handle;
}

// ---------------------------------------------------------------------------------------------
// udev + udisksd on a private bus

export interface UdevUdisks {
  /** Our udevd pid, or undefined when a udev was already running (then it is left alone). */
  readonly udevdPid: number | undefined;
  readonly udisksdPid: number;
  stop(): Promise<void>;
}

/**
 * Runs udevd (in the foreground as our child, only if /run/udev does not exist yet), triggers block
 * devices, and starts udisksd on `busAddress`, waiting until it owns org.freedesktop.UDisks2. Without
 * udev, udisksd exports no block objects at all.
 */
export async function startUdevAndUdisks(options: { readonly busAddress: string; readonly dir: string; readonly cleanup: Cleanup }): Promise<UdevUdisks> {
  let udevd: ChildProcess | undefined;
  if (!existsSync('/run/udev')) {
    udevd = spawn('/lib/systemd/systemd-udevd', [], { stdio: 'ignore' });
    options.cleanup.defer('udevd', async () => {
      await killChild(udevd!);
      await rm('/run/udev', { recursive: true, force: true });
    });
    for (let i = 0; i < 100 && !existsSync('/run/udev/control'); i++) await delay(50);
  }
  await run('udevadm', ['trigger', '--action=add', '--subsystem-match=block']);
  await run('udevadm', ['settle', '--timeout=30']);
  const log = join(options.dir, 'udisksd.log');
  await writeFile(log, '');
  const udisksd = spawn('/usr/libexec/udisks2/udisksd', ['--no-sigint'], {
    env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: options.busAddress },
    stdio: 'ignore',
  });
  options.cleanup.defer('udisksd', () => killChild(udisksd));
  const deadline = Date.now() + 30_000;
  while (!(await nameHasOwner(options.busAddress, 'org.freedesktop.UDisks2'))) {
    if (udisksd.exitCode !== null) throw new Error(`udisksd exited with ${udisksd.exitCode}`);
    if (Date.now() > deadline) throw new Error('udisksd did not own org.freedesktop.UDisks2 within 30 s');
    await delay(100);
  }
  return {
    udevdPid: udevd?.pid,
    udisksdPid: udisksd.pid!,
    stop: async () => {
      await killChild(udisksd);
      if (udevd !== undefined) {
        await killChild(udevd);
        await rm('/run/udev', { recursive: true, force: true });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// strict-policy bus

export interface StrictBus {
  readonly address: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * A bus with the real system policy (/usr/share/dbus-1/system.conf, minus the messagebus user,
 * fork, pid file and syslog), listening in `dir`, that also reads the policy files given. The
 * socket's folder is made world-accessible so that tests can connect as an unprivileged user.
 */
export async function startStrictSystemBus(options: { readonly dir: string; readonly policyFiles: readonly string[]; readonly cleanup: Cleanup }): Promise<StrictBus> {
  const policyDir = join(options.dir, 'system.d');
  await mkdir(policyDir, { recursive: true });
  await chmod(options.dir, 0o755);
  for (const file of options.policyFiles) await cp(file, join(policyDir, file.split('/').at(-1)!));
  const socket = join(options.dir, 'system_bus_socket');
  const config = (await readFile('/usr/share/dbus-1/system.conf', 'utf8'))
    .replace(/<user>messagebus<\/user>/, '')
    .replace(/<fork\/>/, '')
    .replace(/<pidfile>[^<]*<\/pidfile>/, '')
    .replace(/<syslog\/>/, '')
    .replace(/<listen>[^<]*<\/listen>/, `<listen>unix:path=${socket}</listen>`)
    .replace(/<includedir>system\.d<\/includedir>/, `<includedir>/usr/share/dbus-1/system.d</includedir><includedir>${policyDir}</includedir>`);
  const configFile = join(options.dir, 'system.conf');
  await writeFile(configFile, config);
  const child = spawn('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  options.cleanup.defer('strict bus', () => killChild(child));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
  await chmod(socket, 0o777);
  return { address: `unix:path=${socket}`, pid: child.pid!, stop: () => killChild(child) };
}

// ---------------------------------------------------------------------------------------------
// small process helpers

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, delay(5_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** PIDs whose command line contains `text` (read from /proc, so each match is one exact process). */
export async function processesMentioning(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(text)) pids.push(Number(entry));
  }
  return pids;
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function nameHasOwner(address: string, name: string): Promise<boolean> {
  const { stdout } = await run('dbus-send', [`--bus=${address}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`]).catch(() => ({ stdout: '' }));
  return stdout.includes('boolean true');
}

/**
 * Waits until `pid` catches `signal` (its SigCgt mask in /proc). glustereventsd is a Python daemon
 * whose SIGUSR2 (reload) handler is installed some time after its webhook worker appears; a SIGUSR2
 * sent before that takes the default action and ends the daemon (seen in CI under load).
 */
export async function waitUntilCatching(pid: number, signal: number, timeoutMs = 30_000): Promise<void> {
  const catches = (): boolean => {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & (1n << BigInt(signal - 1))) !== 0n;
  };
  await waitFor(catches, { timeoutMs, what: `process ${pid} catching signal ${signal}` });
}

/** Child pids of `pid` from /proc (glustereventsd's webhook worker). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    const stat = procStat(Number(entry));
    return stat !== null && Number(stat.replace(/^.*\) /, '').split(' ')[1]) === pid ? [Number(entry)] : [];
  });
}

/** A process that exited, reaped or not. */
export function goneOrZombie(pid: number): boolean {
  return procStat(pid)?.includes(') Z ') ?? true;
}

/**
 * `/proc/<pid>/stat`, or null once the process is gone: it can vanish between any two reads (a
 * listing of /proc and the read of one entry), so absence is an answer, not an error. An uncaught
 * ENOENT here once aborted a glustereventsd cleanup before its kill, and the daemon outlived the
 * test (later runs then skipped their glustereventsd tests).
 */
function procStat(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
