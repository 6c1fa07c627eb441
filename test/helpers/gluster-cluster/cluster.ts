import { chmod, cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Cleanup } from '../cleanup.js';
import { glusterNode, startHolder, type GlusterdControl, type GlusterNode } from './gluster-node.js';
import { CLUSTER, netnsName, nodeAddress, nodeHostname, type ClusterMarker } from './names.js';
import { createNetwork } from './network.js';
import { sh } from './shell.js';
import { brickImage, teardown, teardownSync } from './teardown.js';

export interface StartGlusterClusterOptions {
  /** 1..9. */
  readonly nodes: number;
  readonly cleanup: Cleanup;
  /** Folders to create on every node's brick filesystem (`<brickRoot>/<name>`), e.g. one per brick. */
  readonly brickDirs?: readonly string[];
  /**
   * Extra environment for node i's glusterd, and so for its hook scripts, given the node's folder
   * `BASE/n<i>`: e.g. the DBUS_SYSTEM_BUS_ADDRESS of a bus the caller starts later in that folder
   * (anything there is removed with the cluster, also by the next run's sweep).
   */
  readonly glusterdEnv?: (node: number, nodeDir: string) => Readonly<Record<string, string>>;
  /** Hook scripts to install on every node: op (create, start, ...) → file to copy into hooks/1/<op>/post/. */
  readonly postHooks?: Readonly<Record<string, string>>;
  /** Size of each node's ext4 brick filesystem; default 64 MiB. */
  readonly brickSizeMb?: number;
}

export interface GlusterCluster {
  /** The temporary folder everything lives in. */
  readonly base: string;
  /** The brick filesystem's mount point, the same path on every node (as on real hosts): `BASE/bricks`. */
  readonly brickRoot: string;
  readonly nodes: readonly GlusterNode[];
  /** The loop device under node i's brick filesystem. */
  loopDevice(node: number): string;
  /** `gnode<i>:<brickRoot>/<dir>`, a brick name as gluster writes it. */
  brick(node: number, dir: string): string;
  /**
   * `gluster --glusterd-sock=<node's socket> --mode=script <args>` from the host. Rejects on a non-zero
   * exit and, for `--xml`, on `<opRet>` ≠ 0 (the CLI exits 0 then), with glusterd's error text.
   */
  gluster(node: number, args: readonly string[]): Promise<string>;
  killGlusterd(node: number): Promise<void>;
  startGlusterd(node: number): Promise<void>;
  /** The pid of brick `brick` (`host:/path`) from `volume status --xml`, asked of the first node whose glusterd answers; undefined when offline. */
  brickPid(volume: string, brick: string): Promise<number | undefined>;
  /** Tears everything down (also registered on the cleanup). Idempotent. */
  stop(): Promise<void>;
}

/** Retries `op` every 500 ms until it resolves or `timeoutMs` (default 10 s) has passed, then rethrows its last error. */
export async function retry<T>(op: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await op();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(500);
    }
  }
}

/**
 * A real Gluster cluster on this machine (see docs/testing-real-cluster.md): node i is the network
 * namespace `ngl<i>` at 10.213.0.1<i> on the bridge `nglbr0` (10.213.0.1), a holder process with a
 * private mount and UTS namespace (hostname `gnode<i>`; its own /run, /var/lib/glusterd,
 * /var/log/glusterfs and /etc/hosts), an ext4 brick filesystem on a loop device mounted at
 * `BASE/bricks` inside it, and glusterd (`-N`, our child). Peers are probed by host name and the
 * call returns when every node sees all others Connected.
 *
 * Everything is owned and removed by pid, device and name: by `stop()` / the cleanup, by an 'exit' or
 * SIGINT/SIGTERM hook if the process ends first, and by the next run's sweep (marker file in BASE)
 * if it was SIGKILLed. Call {@link glusterClusterSkipReason} first: one cluster at a time.
 */
export async function startGlusterCluster(options: StartGlusterClusterOptions): Promise<GlusterCluster> {
  if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > CLUSTER.maxNodes) throw new Error(`nodes must be 1..${CLUSTER.maxNodes}`);
  const count = options.nodes;
  const base = await mkdtemp(join(CLUSTER.baseParent, CLUSTER.basePrefix));
  const marker: ClusterMarker = { pid: process.pid, nodes: count, startedAt: new Date().toISOString() };
  await writeFile(join(base, CLUSTER.marker), JSON.stringify(marker));
  const holders = new Map<number, number>();
  const onExit = (): void => teardownSync(base, count);
  const onSignal = (sig: NodeJS.Signals): void => {
    forgetHooks();
    teardownSync(base, count);
    // Die as the signal would have made us, unless someone else handles it.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  const forgetHooks = (): void => {
    process.off('exit', onExit).off('SIGINT', onSignal).off('SIGTERM', onSignal);
  };
  process.on('exit', onExit).once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await teardown(base, count, holders);
      forgetHooks();
    })());
  options.cleanup.defer('gluster cluster', stop);

  const brickRoot = join(base, 'bricks');
  await mkdir(brickRoot);
  const hosts = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
  for (let i = 1; i <= count; i++) hosts.push(`${nodeAddress(i)} ${nodeHostname(i)}`);
  await writeFile(join(base, 'hosts'), `${hosts.join('\n')}\n`);
  for (let i = 1; i <= count; i++) await prepareNodeDir(join(base, `n${i}`), options.postHooks ?? {});
  await createNetwork(count);

  const loops: string[] = [];
  for (let i = 1; i <= count; i++) {
    const image = brickImage(base, i);
    await sh('truncate', ['-s', `${options.brickSizeMb ?? 64}M`, image]);
    const device = (await sh('losetup', ['-f', '--show', image])).trim();
    loops.push(device);
    await sh('mkfs.ext4', ['-q', '-L', `gec-n${i}`, device]);
  }
  const controls: GlusterdControl[] = [];
  const nodes: GlusterNode[] = [];
  for (let i = 1; i <= count; i++) {
    const holderPid = await startHolder({ base, index: i, netns: netnsName(i), loopDevice: loops[i - 1]!, brickDirs: options.brickDirs ?? [] });
    holders.set(i, holderPid);
    const { node, glusterd, uuid } = glusterNode({ base, index: i, holderPid, env: options.glusterdEnv?.(i, join(base, `n${i}`)) ?? {} });
    controls.push(glusterd);
    nodes.push(Object.defineProperty(node, 'uuid', { get: uuid, enumerable: true }) as GlusterNode);
  }
  await Promise.all(controls.map((control) => control.start()));

  const nodeAt = (index: number): GlusterNode => nodes[index - 1] ?? assertNever(`no node ${index}`);
  const gluster = async (index: number, args: readonly string[]): Promise<string> => {
    const out = await sh('gluster', [`--glusterd-sock=${nodeAt(index).socketPath}`, '--mode=script', ...args], 120_000);
    const opRet = /<opRet>(-?\d+)<\/opRet>/.exec(out)?.[1];
    if (opRet !== undefined && opRet !== '0') throw new Error(`gluster ${args.join(' ')} on node ${index}: ${/<opErrstr>([^<]*)<\/opErrstr>/.exec(out)?.[1] ?? out}`);
    return out;
  };
  for (let i = 2; i <= count; i++) await gluster(1, ['peer', 'probe', nodeHostname(i)]);
  // Probed from n1, the others know it by its address; one probe back gives them its name too.
  if (count > 1) await retry(() => gluster(2, ['peer', 'probe', nodeHostname(1)]));
  await retry(async () => {
    for (let i = 1; i <= count; i++) {
      const connected = (await gluster(i, ['pool', 'list', '--xml'])).match(/<connected>1<\/connected>/g)?.length ?? 0;
      if (connected !== count) throw new Error(`node ${i} sees ${connected} of ${count} peers connected`);
    }
  }, 30_000);

  return {
    base,
    brickRoot,
    nodes,
    loopDevice: (index) => loops[index - 1] ?? assertNever(`no node ${index}`),
    brick: (index, dir) => `${nodeAt(index).hostname}:${join(brickRoot, dir)}`,
    gluster,
    killGlusterd: (index) => controls[index - 1]!.kill(),
    startGlusterd: (index) => controls[index - 1]!.start(),
    async brickPid(volume, brick) {
      const [host, path] = [brick.slice(0, brick.indexOf(':')), brick.slice(brick.indexOf(':') + 1)];
      for (const node of nodes) {
        if (node.glusterdPid() === undefined) continue;
        const xml = await gluster(node.index, ['volume', 'status', volume, '--xml']).catch(() => undefined);
        if (xml === undefined) continue;
        for (const entry of xml.split('<node>').slice(1)) {
          if (!entry.includes(`<hostname>${host}</hostname>`) || !entry.includes(`<path>${path}</path>`)) continue;
          const pid = Number(/<pid>(-?\d+)<\/pid>/.exec(entry)?.[1] ?? -1);
          const online = /<status>1<\/status>/.test(entry);
          return online && pid > 0 ? pid : undefined;
        }
        return undefined;
      }
      throw new Error(`no glusterd answers volume status ${volume}`);
    },
    stop,
  };
}

/** `BASE/n<i>`: run/, log/, and lib/ with the stock hooks and groups, an events/ folder (eventsapi needs it) and our hooks. */
async function prepareNodeDir(dir: string, postHooks: Readonly<Record<string, string>>): Promise<void> {
  for (const sub of ['run', 'log', 'lib/events']) await mkdir(join(dir, sub), { recursive: true });
  for (const folder of ['hooks', 'groups']) {
    if (existsSync(`/var/lib/glusterd/${folder}`)) await cp(`/var/lib/glusterd/${folder}`, join(dir, 'lib', folder), { recursive: true });
  }
  for (const [op, file] of Object.entries(postHooks)) {
    const post = join(dir, 'lib', 'hooks', '1', op, 'post');
    await mkdir(post, { recursive: true });
    const target = join(post, file.split('/').at(-1)!);
    await cp(file, target);
    await chmod(target, 0o755);
  }
}

function assertNever(message: string): never {
  throw new Error(message);
}
