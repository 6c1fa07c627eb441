/**
 * What one refresh learns from glusterd, before it becomes D-Bus objects. Names follow the CLI's
 * XML (`cli/src/cli-xml-output.c`), not the D-Bus property names.
 */

/** One brick of `volume info`: `name` is gluster's `host:/path` string, `hostUuid` the peer that hosts it. */
export interface BrickFacts {
  readonly name: string;
  readonly hostUuid: string;
}

/**
 * How a volume keeps its data redundant, as `volume info --xml` states it: `type` is its `typeStr`
 * ("Distribute", "Replicate", "Distributed-Replicate", "Disperse", "Distributed-Disperse"); the
 * counts are per replica or disperse set (0 where they do not apply). The bricks of `volume info`
 * are in set order: each run of `replicaCount` (or `disperseCount`) bricks is one set, and with
 * `arbiterCount` 1 the last brick of each replica set is its arbiter.
 */
export interface VolumeLayoutFacts {
  readonly type: string;
  readonly replicaCount: number;
  readonly arbiterCount: number;
  readonly disperseCount: number;
  readonly redundancyCount: number;
}

/** One volume of `volume info all`. `status` is gluster's integer (0 Created, 1 Started, 2 Stopped). */
export interface VolumeFacts {
  readonly name: string;
  readonly id: string;
  readonly status: number;
  readonly bricks: readonly BrickFacts[];
  readonly layout: VolumeLayoutFacts;
}

/** One brick process of `volume status all`; `port` and `pid` are -1 when gluster says `N/A` / `-1`. */
export interface BrickProcessFacts {
  readonly online: boolean;
  readonly port: number;
  readonly pid: number;
}

/** glusterd's unit state in systemd's words (`loaded`/`not-found`; `active`/`inactive`/`failed`/...). */
export interface GlusterdFacts {
  readonly LoadState: string;
  readonly ActiveState: string;
}

/** Brick processes by {@link brickKey}. */
export type BrickProcesses = ReadonlyMap<string, BrickProcessFacts>;

/**
 * Joins `volume info` bricks with `volume status` nodes: host UUID plus path, because the status
 * output names the host as the peer was probed (name or address) while info keeps the brick string.
 */
export function brickKey(hostUuid: string, path: string): string {
  return `${hostUuid}|${path}`;
}

/** The path part of `host:/path` (the first `:/`, so IPv6 hosts in brackets and `:` inside paths work). */
export function brickPathOf(name: string): string {
  const colon = name.indexOf(':/');
  return colon < 0 ? name : name.slice(colon + 1);
}
