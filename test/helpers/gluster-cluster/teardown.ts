import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CLUSTER, hostVeth, netnsName } from './names.js';
import { alive, sh, shSync, signal } from './shell.js';

/** Every process whose network namespace is node `node`'s: only ours can be there, since we made the namespace. */
export function processesIn(node: number): number[] {
  return shSync('ip', ['netns', 'pids', netnsName(node)]).split(/\s+/).filter((pid) => /^\d+$/.test(pid)).map(Number);
}

/** A node's brick image (its loop device is found by it with `losetup -j`). */
export const brickImage = (base: string, node: number): string => join(base, `n${node}.img`);

function loopDevicesOf(image: string): string[] {
  return shSync('losetup', ['-j', image]).split('\n').map((line) => line.split(':')[0]!.trim()).filter((device) => device.startsWith('/dev/loop'));
}

/** PIDs (not ours) whose command line contains `text`: BASE is a fresh temporary folder, so only our own processes name it. */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid).flatMap((entry) => {
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text) ? [Number(entry)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a cluster without waiting on anything asynchronous, so that it also works from an 'exit'
 * handler and for a stale cluster of a killed run: SIGKILL to every process in the nodes'
 * namespaces (the holders too, so each private mount namespace and its brick mount go with them),
 * detach the loop devices of the brick images, delete the namespaces (their veth ends go too), the
 * host veths and the bridge, then BASE. Each step ignores what is already gone.
 */
export function teardownSync(base: string, nodes: number): void {
  const nodeList = Array.from({ length: nodes }, (_, index) => index + 1);
  for (const node of nodeList) for (const pid of processesIn(node)) signal(pid, 'SIGKILL');
  // Host-side helpers a test started inside BASE (e.g. a node's dbus-daemon, `--config-file=BASE/n1/bus/bus.conf`).
  for (const pid of processesMentioning(`${base}/`)) signal(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (nodeList.some((node) => processesIn(node).some(alive)) && Date.now() < deadline) sleepSync(100);
  removeDevicesAndLinks(base, nodeList);
}

function removeDevicesAndLinks(base: string, nodeList: readonly number[]): void {
  for (const node of nodeList) for (const device of loopDevicesOf(brickImage(base, node))) shSync('losetup', ['-d', device]);
  for (const node of nodeList) {
    if (existsSync(`/run/netns/${netnsName(node)}`)) shSync('ip', ['netns', 'del', netnsName(node)]);
    if (existsSync(`/sys/class/net/${hostVeth(node)}`)) shSync('ip', ['link', 'del', hostVeth(node)]);
  }
  if (existsSync(`/sys/class/net/${CLUSTER.bridge}`)) shSync('ip', ['link', 'del', CLUSTER.bridge]);
  rmSync(base, { recursive: true, force: true });
}

/**
 * The orderly version for a test's `after`: SIGTERM to the Gluster daemons (not the holders), up to
 * 5 s for them to exit, SIGKILL to the rest; unmount each brick filesystem inside its node's mount
 * namespace; then the holders and everything {@link teardownSync} removes.
 */
export async function teardown(base: string, nodes: number, holders: ReadonlyMap<number, number>): Promise<void> {
  const nodeList = Array.from({ length: nodes }, (_, index) => index + 1);
  const daemons = (): number[] => nodeList.flatMap((node) => processesIn(node).filter((pid) => pid !== holders.get(node) && alive(pid)));
  for (const pid of daemons()) signal(pid, 'SIGTERM');
  for (let waited = 0; daemons().length > 0 && waited < 5_000; waited += 100) await delay(100);
  for (const pid of daemons()) signal(pid, 'SIGKILL');
  for (let waited = 0; daemons().length > 0 && waited < 10_000; waited += 100) await delay(100);
  for (const [, holder] of holders) {
    if (alive(holder)) await sh('nsenter', ['-t', String(holder), '-m', 'umount', join(base, 'bricks')]).catch(() => undefined);
  }
  teardownSync(base, nodes);
}
