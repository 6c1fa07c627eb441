import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { nodeAddress, nodeHostname } from './names.js';
import { alive, sh, signal } from './shell.js';

/**
 * One node of the test cluster as the harness sees it: the holder process whose private mount + UTS
 * namespaces (and the node's network namespace) every command of the node enters, and glusterd.
 */
export interface GlusterNode {
  /** 1-based. */
  readonly index: number;
  readonly hostname: string;
  readonly address: string;
  /** `BASE/n<i>`: `run/` (the node's /run), `lib/` (its /var/lib/glusterd), `log/` (its /var/log/glusterfs). */
  readonly dir: string;
  readonly holderPid: number;
  /** `BASE/n<i>/run/glusterd.socket` seen from the host: give it to `gluster --glusterd-sock=`. */
  readonly socketPath: string;
  /** The node's glusterd UUID (`glusterd.info`). */
  readonly uuid: string;
  /** The current glusterd pid, or undefined while it is stopped. */
  glusterdPid(): number | undefined;
  /** Runs a command inside the node's network, mount and UTS namespaces. */
  exec(command: string, args: readonly string[]): Promise<string>;
  /** Spawns a long-running command inside the node (own process group), for the caller to own. */
  spawnInside(command: string, args: readonly string[], env?: Readonly<Record<string, string>>): ChildProcess;
}

/** What starts and stops glusterd, kept apart from the read-only view. */
export interface GlusterdControl {
  start(): Promise<void>;
  /** SIGKILL by pid, as a crash; resolves when it is gone. */
  kill(): Promise<void>;
}

const nsenterArgs = (holder: number): string[] => ['-t', String(holder), '-n', '-m', '-u', '--wd=/'];

/**
 * Starts node `index`'s holder: `ip netns exec` into the node's network namespace, `unshare` a
 * private mount + UTS namespace, bind the node's folders over /run, /var/lib/glusterd,
 * /var/log/glusterfs and /etc/hosts, mount its brick filesystem, set the host name, then sleep.
 */
export async function startHolder(options: { base: string; index: number; netns: string; loopDevice: string; brickDirs: readonly string[] }): Promise<number> {
  const { base, index } = options;
  const dir = join(base, `n${index}`);
  const bricks = join(base, 'bricks');
  const pidFile = join(dir, 'holder.pid');
  const script = [
    'set -e',
    `mount --bind ${dir}/run /run`,
    `mount --bind ${dir}/lib /var/lib/glusterd`,
    `mount --bind ${dir}/log /var/log/glusterfs`,
    `mount --bind ${base}/hosts /etc/hosts`,
    `mount ${options.loopDevice} ${bricks}`,
    ...options.brickDirs.map((name) => `mkdir -p ${bricks}/${name}`),
    `hostname ${nodeHostname(index)}`,
    `echo $$ > ${pidFile}`,
    'exec sleep 2147483647',
  ].join('\n');
  const child = spawn('ip', ['netns', 'exec', options.netns, 'unshare', '--mount', '--uts', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  child.unref();
  for (let waited = 0; !existsSync(pidFile); waited += 50) {
    if (child.exitCode !== null) throw new Error(`holder of node ${index} exited ${child.exitCode}: ${stderr.trim()}`);
    if (waited > 15_000) throw new Error(`holder of node ${index} not ready within 15 s: ${stderr.trim()}`);
    await delay(50);
  }
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  // `ip netns exec` and `unshare` exec, so the pid we spawned is the holder itself.
  if (pid !== child.pid) throw new Error(`holder of node ${index}: pid file says ${pid}, spawned ${child.pid}`);
  return pid;
}

/** The node view plus its glusterd control. glusterd runs with `-N` as our child, so its pid is ours to kill. */
export function glusterNode(options: { base: string; index: number; holderPid: number; env: Readonly<Record<string, string>> }): { node: Omit<GlusterNode, 'uuid'>; glusterd: GlusterdControl; uuid: () => string } {
  const { base, index, holderPid } = options;
  const dir = join(base, `n${index}`);
  const socketPath = join(dir, 'run', 'glusterd.socket');
  let child: ChildProcess | undefined;
  const spawnInside = (command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcess =>
    spawn('nsenter', [...nsenterArgs(holderPid), command, ...args], { stdio: 'ignore', detached: true, env: { ...process.env, ...env } });
  const node: Omit<GlusterNode, 'uuid'> = {
    index,
    hostname: nodeHostname(index),
    address: nodeAddress(index),
    dir,
    holderPid,
    socketPath,
    glusterdPid: () => (child !== undefined && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    exec: (command, args) => sh('nsenter', [...nsenterArgs(holderPid), command, ...args]),
    spawnInside,
  };
  const answers = async (): Promise<boolean> => {
    try {
      return (await sh('gluster', [`--glusterd-sock=${socketPath}`, '--mode=script', 'pool', 'list', '--xml'], 10_000)).includes('<opRet>0</opRet>');
    } catch {
      return false;
    }
  };
  const glusterd: GlusterdControl = {
    async start() {
      if (node.glusterdPid() !== undefined) return;
      // nsenter without a pid namespace execs, so the spawned pid is glusterd's.
      child = spawnInside('/usr/sbin/glusterd', ['-N', '-p', '/run/glusterd.pid', '--log-file=/var/log/glusterfs/glusterd.log', '--log-level=INFO'], options.env);
      const started = child;
      started.unref();
      for (let waited = 0; !(await answers()); waited += 100) {
        if (started.exitCode !== null) throw new Error(`glusterd of node ${index} exited ${started.exitCode}; see ${dir}/log/glusterd.log`);
        if (waited > 30_000) throw new Error(`glusterd of node ${index} did not answer within 30 s`);
        await delay(100);
      }
    },
    async kill() {
      const pid = node.glusterdPid();
      if (pid === undefined || child === undefined) return;
      const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
      signal(pid, 'SIGKILL');
      await exited;
      while (alive(pid)) await delay(20);
    },
  };
  const uuid = (): string => /^UUID=(.+)$/m.exec(readFileSync(join(dir, 'lib', 'glusterd.info'), 'utf8'))?.[1]?.trim() ?? '';
  return { node, glusterd, uuid };
}
