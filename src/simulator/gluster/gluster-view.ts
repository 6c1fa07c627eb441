import { escapeObjectPathSegment, GLUSTER_PATHS } from '../../dbus/index.js';
import { createExportedInterface, type ExportedInterface } from '../../dbus/index.js';
import type { ObjectTree } from '../../dbus/index.js';
import { StepError } from '../step-error.js';
import { BRICK_SPEC, GLUSTERD_SPEC, MANAGER_SPEC, VOLUME_SPEC, VOLUME_STATUS } from './gluster-interfaces.js';

export interface GlusterViewOptions {
  readonly tree: ObjectTree;
  /** Gluster UUID of the node that hosts a brick, from the `host` part of `host:/path`. */
  readonly hostUuidOf: (brick: string) => string;
  /** Reproduces the fork's bug: `name` holds the UUID and `id` the name (the path keeps the name). */
  readonly swappedNameId: boolean;
}

export interface CreateVolumeOptions {
  readonly name: string;
  readonly id: string;
  readonly bricks: readonly string[];
}

interface VolumeEntry {
  readonly iface: ExportedInterface;
  readonly bricks: string[];
}

export const volumePath = (name: string): string => GLUSTER_PATHS.volumePrefix + escapeObjectPathSegment(name);
export const brickPath = (brick: string): string => GLUSTER_PATHS.brickPrefix + escapeObjectPathSegment(brick);

/**
 * What one node's storaged glusterfs module exports: the manager, the glusterd singleton, and a
 * volume object per volume with a brick object per brick (all bricks of the volume, whichever host
 * they are on, because the module reads the cluster-wide `gluster volume info`).
 */
export class GlusterView {
  private readonly options: GlusterViewOptions;
  private readonly volumes = new Map<string, VolumeEntry>();
  private readonly glusterd: ExportedInterface;

  constructor(options: GlusterViewOptions) {
    this.options = options;
    this.glusterd = createExportedInterface(GLUSTERD_SPEC, { LoadState: 'loaded', ActiveState: 'active' });
    options.tree.add(GLUSTER_PATHS.manager, [createExportedInterface(MANAGER_SPEC, { volumes: [] })]);
    options.tree.add(GLUSTER_PATHS.glusterd, [this.glusterd]);
  }

  volumeNames(): string[] {
    return [...this.volumes.keys()];
  }

  createVolume(volume: CreateVolumeOptions): void {
    if (this.volumes.has(volume.name)) throw new StepError(`volume ${volume.name} already exists`);
    const path = volumePath(volume.name);
    const [name, id] = this.options.swappedNameId ? [volume.id, volume.name] : [volume.name, volume.id];
    for (const brick of volume.bricks) this.exportBrick(brick, path);
    const iface = createExportedInterface(VOLUME_SPEC, {
      name,
      id,
      status: VOLUME_STATUS.created,
      brickcount: volume.bricks.length,
      bricks: volume.bricks.map(brickPath),
    });
    this.volumes.set(volume.name, { iface, bricks: [...volume.bricks] });
    this.options.tree.add(path, [iface]);
  }

  setVolumeStatus(name: string, status: number): void {
    this.volume(name).iface.update({ status });
  }

  deleteVolume(name: string): void {
    const entry = this.volume(name);
    this.volumes.delete(name);
    this.options.tree.remove(volumePath(name));
    for (const brick of entry.bricks) this.options.tree.remove(brickPath(brick));
  }

  addBrick(volume: string, brick: string): void {
    const entry = this.volume(volume);
    if (entry.bricks.includes(brick)) throw new StepError(`brick ${brick} is already in volume ${volume}`);
    this.exportBrick(brick, volumePath(volume));
    entry.bricks.push(brick);
    entry.iface.update({ brickcount: entry.bricks.length, bricks: entry.bricks.map(brickPath) });
  }

  removeBrick(volume: string, brick: string): void {
    const entry = this.volume(volume);
    const index = entry.bricks.indexOf(brick);
    if (index < 0) throw new StepError(`brick ${brick} is not in volume ${volume}`);
    entry.bricks.splice(index, 1);
    entry.iface.update({ brickcount: entry.bricks.length, bricks: entry.bricks.map(brickPath) });
    this.options.tree.remove(brickPath(brick));
  }

  setGlusterdState(state: { readonly activeState: string; readonly loadState?: string }): void {
    this.glusterd.update(state.loadState === undefined ? { ActiveState: state.activeState } : { ActiveState: state.activeState, LoadState: state.loadState });
  }

  private exportBrick(brick: string, volume: string): void {
    const path = brickPath(brick);
    if (this.options.tree.has(path)) throw new StepError(`brick ${brick} already belongs to a volume`);
    this.options.tree.add(path, [createExportedInterface(BRICK_SPEC, { hostUuid: this.options.hostUuidOf(brick), name: brick, volume })]);
  }

  private volume(name: string): VolumeEntry {
    const entry = this.volumes.get(name);
    if (entry === undefined) throw new StepError(`no volume ${name}`);
    return entry;
  }
}
