import { escapeObjectPathSegment, GLUSTER_INTERFACES, GLUSTER_PATHS } from '../../dbus/index.js';
import { VOLUME_STATUS } from '../export/gluster-interfaces.js';
import { brickKey, brickPathOf, type BrickProcesses, type GlusterdFacts, type VolumeFacts } from './gluster-facts.js';
import type { ObjectInterfaces, ObjectSnapshot } from './object-snapshot.js';

export const volumeObjectPath = (name: string): string => GLUSTER_PATHS.volumePrefix + escapeObjectPathSegment(name);
export const brickObjectPath = (brick: string): string => GLUSTER_PATHS.brickPrefix + escapeObjectPathSegment(brick);

export interface SnapshotFacts {
  readonly glusterd: GlusterdFacts;
  readonly volumes: readonly VolumeFacts[];
  readonly processes: BrickProcesses;
}

const OFFLINE = Object.freeze({ online: false, port: -1, pid: -1 });

/**
 * The D-Bus objects for one set of facts: the manager, the glusterd singleton, and per volume its
 * bricks then the volume itself. `name` is the volume name and `id` its UUID (the fork swapped them;
 * we do not). A brick of a volume that is not started, or that `volume status` does not list, is
 * offline with port and pid -1. Pure: same facts, same snapshot.
 */
export function buildSnapshot(facts: SnapshotFacts): ObjectSnapshot {
  const objects = new Map<string, ObjectInterfaces>();
  const volumePaths = facts.volumes.map((volume) => volumeObjectPath(volume.name));
  objects.set(GLUSTER_PATHS.manager, { [GLUSTER_INTERFACES.manager]: { volumes: volumePaths } });
  objects.set(GLUSTER_PATHS.glusterd, { [GLUSTER_INTERFACES.glusterd]: { ...facts.glusterd } });
  for (const volume of facts.volumes) {
    const path = volumeObjectPath(volume.name);
    for (const brick of volume.bricks) {
      const process = facts.processes.get(brickKey(brick.hostUuid, brickPathOf(brick.name))) ?? OFFLINE;
      objects.set(brickObjectPath(brick.name), {
        [GLUSTER_INTERFACES.brick]: { hostUuid: brick.hostUuid, name: brick.name, volume: path, ...process },
      });
    }
    objects.set(path, {
      [GLUSTER_INTERFACES.volume]: {
        name: volume.name,
        id: volume.id,
        status: (Object.values(VOLUME_STATUS) as number[]).includes(volume.status) ? volume.status : VOLUME_STATUS.unknown,
        brickcount: volume.bricks.length,
        bricks: volume.bricks.map((brick) => brickObjectPath(brick.name)),
        ...volume.layout,
      },
    });
  }
  return objects;
}
