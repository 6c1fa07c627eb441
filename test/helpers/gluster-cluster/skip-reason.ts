import { existsSync } from 'node:fs';
import { namesInUse, sweepStaleClusters } from './sweep.js';

const BINARIES = [
  ['/usr/sbin/ip', 'iproute2'],
  ['/usr/bin/nsenter', 'util-linux'],
  ['/usr/bin/unshare', 'util-linux'],
  ['/usr/sbin/losetup', 'mount'],
  ['/usr/sbin/mkfs.ext4', 'e2fsprogs'],
  ['/usr/sbin/glusterd', 'glusterfs-server'],
  ['/usr/sbin/gluster', 'glusterfs-cli'],
  ['/usr/sbin/glustereventsd', 'glusterfs-server'],
  ['/usr/bin/python3', 'python3'],
  ['/usr/bin/dbus-daemon', 'dbus'],
] as const;

/**
 * Why the netns cluster cannot run here, or undefined. Removes a stale cluster of our own first
 * (see `sweepStaleClusters`), then refuses when our names or subnet are taken. Port 24007 needs no
 * check: each node's glusterd listens inside its own network namespace, so a host glusterd does not
 * collide (and neither does a host glustereventsd on UDP 55555).
 */
export function glusterClusterSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'the Gluster cluster needs Linux network and mount namespaces';
  if (process.getuid?.() !== 0) return 'the Gluster cluster needs root (ip netns, unshare, losetup, mount)';
  for (const [binary, pkg] of BINARIES) if (!existsSync(binary)) return `${binary} is missing (apt-get install ${pkg})`;
  if (!existsSync('/dev/loop-control')) return 'no /dev/loop-control: loop devices are unavailable';
  const swept = sweepStaleClusters();
  if (swept.length > 0) process.stdout.write(`# removed a stale test cluster left by a killed run: ${swept.join(', ')}\n`);
  return namesInUse();
}
