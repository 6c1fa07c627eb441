import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { namesInUse, sweepStaleClusters } from './sweep.js';

/** Commands the harness runs by name, and the Debian package of each. */
const COMMANDS = [
  ['ip', 'iproute2'],
  ['nsenter', 'util-linux'],
  ['unshare', 'util-linux'],
  ['losetup', 'mount'],
  ['mount', 'mount'],
  ['truncate', 'coreutils'],
  ['mkfs.ext4', 'e2fsprogs'],
  ['glusterd', 'glusterfs-server'],
  ['gluster', 'glusterfs-cli'],
  ['glustereventsd', 'glusterfs-server'],
  ['python3', 'python3'],
  ['dbus-daemon', 'dbus'],
] as const;

/** True when `command` is on PATH (or in an sbin folder, which a root PATH may lack). */
function onPath(command: string): boolean {
  const folders = [...(process.env['PATH'] ?? '').split(':'), '/usr/sbin', '/sbin'];
  return folders.some((folder) => folder !== '' && existsSync(join(folder, command)));
}

/**
 * Why the netns cluster cannot run here, or undefined. Removes a stale cluster of our own first
 * (see `sweepStaleClusters`), then refuses when our names or subnet are taken. Port 24007 needs no
 * check: each node's glusterd listens inside its own network namespace, so a host glusterd does not
 * collide (and neither does a host glustereventsd on UDP 55555).
 */
export function glusterClusterSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'the Gluster cluster needs Linux network and mount namespaces';
  if (process.getuid?.() !== 0) return 'the Gluster cluster needs root (ip netns, unshare, losetup, mount)';
  for (const [command, pkg] of COMMANDS) if (!onPath(command)) return `${command} is missing (apt-get install ${pkg})`;
  if (!existsSync('/dev/loop-control')) return 'no /dev/loop-control: loop devices are unavailable';
  const swept = sweepStaleClusters();
  if (swept.length > 0) process.stdout.write(`# removed a stale test cluster left by a killed run: ${swept.join(', ')}\n`);
  return namesInUse();
}
