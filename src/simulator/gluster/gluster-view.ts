import { escapeObjectPathSegment, GLUSTER_PATHS } from '../../dbus/index.js';
import { createExportedInterface, type ExportedInterface } from '../../dbus/index.js';
import type { ObjectTree } from '../../dbus/index.js';
import { StepError } from '../step-error.js';
import { BRICK_SPEC, EXPORTER_BRICK_SPEC, EXPORTER_VOLUME_SPEC, GLUSTERD_SPEC, MANAGER_SPEC, VOLUME_SPEC, VOLUME_STATUS } from './gluster-interfaces.js';

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
  /**
   * The volume's redundancy layout. Given, the volume and its bricks are exported as the
   * gluster-dbus exporter does (its extension: the layout on the Volume, `online`/`port`/`pid` on
   * each Brick, online while the volume is started and the brick not stopped by `brick.online`);
   * omitted, as the storaged module did, without either.
   */
  readonly layout?: SimulatedLayout;
}

/** `volume create ... replica R [arbiter 1] | disperse D redundancy N`: counts as gluster's CLI takes them. */
export interface SimulatedLayout {
  readonly replica: number;
  readonly arbiter: number;
  readonly disperse: number;
  readonly redundancy: number;
}

interface VolumeEntry {
  readonly iface: ExportedInterface;
  readonly bricks: string[];
  readonly layout: SimulatedLayout | undefined;
  /** With a layout: each brick's exported interface, and the bricks stopped by `brick.online`. */
  readonly brickIfaces: Map<string, ExportedInterface>;
  readonly stopped: Set<string>;
  status: number;
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
    const entry: Omit<VolumeEntry, 'iface'> = { bricks: [...volume.bricks], layout: volume.layout, brickIfaces: new Map(), stopped: new Set(), status: VOLUME_STATUS.created };
    for (const brick of volume.bricks) this.exportBrick(brick, path, entry);
    const properties = { name, id, status: VOLUME_STATUS.created, brickcount: volume.bricks.length, bricks: volume.bricks.map(brickPath) };
    const iface = volume.layout === undefined ? createExportedInterface(VOLUME_SPEC, properties) : createExportedInterface(EXPORTER_VOLUME_SPEC, { ...properties, ...layoutProperties(volume.layout, volume.bricks.length) });
    this.volumes.set(volume.name, { ...entry, iface });
    this.options.tree.add(path, [iface]);
  }

  setVolumeStatus(name: string, status: number): void {
    const entry = this.volume(name);
    entry.status = status;
    entry.iface.update({ status });
    for (const brick of entry.brickIfaces.keys()) this.updateOnline(entry, brick);
  }

  /** Stops or restarts one brick process (a volume created with a layout only: the module had no `online`). */
  setBrickOnline(volume: string, brick: string, online: boolean): void {
    const entry = this.volume(volume);
    if (entry.layout === undefined) throw new StepError(`volume ${volume} was created without a layout: its bricks have no online property`);
    if (!entry.bricks.includes(brick)) throw new StepError(`brick ${brick} is not in volume ${volume}`);
    if (online) entry.stopped.delete(brick);
    else entry.stopped.add(brick);
    this.updateOnline(entry, brick);
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
    this.exportBrick(brick, volumePath(volume), entry);
    entry.bricks.push(brick);
    entry.iface.update({ brickcount: entry.bricks.length, bricks: entry.bricks.map(brickPath), ...(entry.layout === undefined ? {} : { type: layoutProperties(entry.layout, entry.bricks.length).type }) });
  }

  removeBrick(volume: string, brick: string): void {
    const entry = this.volume(volume);
    const index = entry.bricks.indexOf(brick);
    if (index < 0) throw new StepError(`brick ${brick} is not in volume ${volume}`);
    entry.bricks.splice(index, 1);
    entry.brickIfaces.delete(brick);
    entry.stopped.delete(brick);
    entry.iface.update({ brickcount: entry.bricks.length, bricks: entry.bricks.map(brickPath), ...(entry.layout === undefined ? {} : { type: layoutProperties(entry.layout, entry.bricks.length).type }) });
    this.options.tree.remove(brickPath(brick));
  }

  setGlusterdState(state: { readonly activeState: string; readonly loadState?: string }): void {
    this.glusterd.update(state.loadState === undefined ? { ActiveState: state.activeState } : { ActiveState: state.activeState, LoadState: state.loadState });
  }

  private exportBrick(brick: string, volume: string, entry: Omit<VolumeEntry, 'iface'>): void {
    const path = brickPath(brick);
    if (this.options.tree.has(path)) throw new StepError(`brick ${brick} already belongs to a volume`);
    const properties = { hostUuid: this.options.hostUuidOf(brick), name: brick, volume };
    if (entry.layout === undefined) {
      this.options.tree.add(path, [createExportedInterface(BRICK_SPEC, properties)]);
      return;
    }
    const online = entry.status === VOLUME_STATUS.started && !entry.stopped.has(brick);
    const iface = createExportedInterface(EXPORTER_BRICK_SPEC, { ...properties, ...processOf(online) });
    entry.brickIfaces.set(brick, iface);
    this.options.tree.add(path, [iface]);
  }

  private updateOnline(entry: VolumeEntry, brick: string): void {
    entry.brickIfaces.get(brick)?.update(processOf(entry.status === VOLUME_STATUS.started && !entry.stopped.has(brick)));
  }

  private volume(name: string): VolumeEntry {
    const entry = this.volumes.get(name);
    if (entry === undefined) throw new StepError(`no volume ${name}`);
    return entry;
  }
}

/** The exporter's Brick process properties: a fixed port and pid while online, -1 otherwise. */
function processOf(online: boolean): { online: boolean; port: number; pid: number } {
  return online ? { online, port: 49152, pid: 4242 } : { online, port: -1, pid: -1 };
}

/** The exporter's Volume layout properties, with gluster's typeStr for this many bricks. */
function layoutProperties(layout: SimulatedLayout, brickCount: number): Record<string, string | number> {
  const setSize = layout.disperse > 0 ? layout.disperse : Math.max(1, layout.replica);
  const distributed = brickCount > setSize;
  const type = layout.disperse > 0 ? (distributed ? 'Distributed-Disperse' : 'Disperse') : layout.replica > 1 ? (distributed ? 'Distributed-Replicate' : 'Replicate') : 'Distribute';
  return { type, replicaCount: Math.max(1, layout.replica), arbiterCount: layout.arbiter, disperseCount: layout.disperse, redundancyCount: layout.redundancy };
}
