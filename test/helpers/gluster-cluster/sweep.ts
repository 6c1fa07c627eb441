import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, netnsName, type ClusterMarker } from './names.js';
import { alive, shSync } from './shell.js';
import { teardownSync } from './teardown.js';

/** Our cluster folders that still exist, with their markers. */
function ourBases(): { base: string; marker: ClusterMarker }[] {
  return readdirSync(CLUSTER.baseParent)
    .filter((name) => name.startsWith(CLUSTER.basePrefix))
    .flatMap((name) => {
      const base = join(CLUSTER.baseParent, name);
      try {
        return [{ base, marker: JSON.parse(readFileSync(join(base, CLUSTER.marker), 'utf8')) as ClusterMarker }];
      } catch {
        return []; // not ours, or being written
      }
    });
}

/** True while the marker's owner still runs (a test process: its command line names node). */
function ownerRuns(marker: ClusterMarker): boolean {
  if (!alive(marker.pid)) return false;
  try {
    return readFileSync(`/proc/${marker.pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return false;
  }
}

/**
 * Removes clusters left by earlier runs of this harness that were killed before their cleanup ran
 * (SIGKILL, a crashed VM session): found only by our marker file in `<tmpdir>/gec-*`, whose owner pid
 * no longer runs, then torn down by our fixed names (which the marker proves were ours). Returns the
 * folders removed. Touches nothing without such a marker.
 */
export function sweepStaleClusters(): string[] {
  const removed: string[] = [];
  for (const { base, marker } of ourBases()) {
    if (ownerRuns(marker)) continue;
    teardownSync(base, Math.min(Math.max(marker.nodes, 1), CLUSTER.maxNodes));
    removed.push(base);
  }
  return removed;
}

/** Why our names or addresses are taken (by another live cluster of ours or by anything else), or undefined. */
export function namesInUse(): string | undefined {
  const live = ourBases().find(({ marker }) => ownerRuns(marker));
  if (live !== undefined) return `another test cluster runs (pid ${live.marker.pid}, ${live.base}): one cluster at a time`;
  for (let node = 1; node <= CLUSTER.maxNodes; node++) {
    if (existsSync(`/run/netns/${netnsName(node)}`)) return `network namespace ${netnsName(node)} exists and is not ours`;
  }
  if (existsSync(`/sys/class/net/${CLUSTER.bridge}`)) return `link ${CLUSTER.bridge} exists and is not ours`;
  if (shSync('ip', ['-4', 'addr', 'show']).includes(' 10.213.0.')) return `an address in ${CLUSTER.subnet} is already configured on this host`;
  return undefined;
}
