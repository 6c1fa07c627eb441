import { join } from 'node:path';
import { startBusDaemon, STORAGED, UDISKS2, type BusDaemon, type DiskGeneration } from '../dbus/index.js';
import type { Logger } from '../logging/index.js';
import { buildDiskStack } from './disks/build-disk-stack.js';
import { DiskView } from './disks/disk-view.js';
import { ObjectTree } from '../dbus/index.js';
import { ServiceConnection } from './export/service-connection.js';
import { GlusterView, type CreateVolumeOptions } from './gluster/gluster-view.js';
import type { NodeSpec } from './scenario/node-schema.js';

/** How a node is lost: `bus` kills its dbus-daemon (clients are disconnected); `service` only drops the daemons' connections (names vanish, NameOwnerChanged). */
export type NodeLossMode = 'bus' | 'service';

export interface SimulatedNodeOptions {
  readonly spec: NodeSpec;
  /** Directory of this node's bus (`bus.sock`, `bus.conf`). */
  readonly dir: string;
  readonly diskGeneration: DiskGeneration;
  readonly swappedNameId: boolean;
  readonly hostUuidOf: (brick: string) => string;
  readonly logger: Logger;
  /** Unix seconds, for SmartUpdated; injectable for deterministic tests. */
  readonly now?: () => bigint;
}

/**
 * One Gluster node: its own dbus-daemon, a storaged-glusterfs service and a disk service (udisks2,
 * or the same storaged connection for the storaged generation). Mutators are synchronous and emit
 * the D-Bus signals at once; while the node is lost they change the model only, and `restore()`
 * exports the current model, as a restarted daemon would.
 */
export class SimulatedNode {
  readonly nodeId: string;
  readonly glusterUuid: string;
  readonly hostname: string;
  private readonly options: SimulatedNodeOptions;
  private readonly gluster: GlusterView;
  private readonly disks: DiskView;
  private readonly connections: readonly ServiceConnection[];
  private daemon: BusDaemon | undefined;
  private lostMode: NodeLossMode | undefined;

  private constructor(options: SimulatedNodeOptions) {
    const { spec, diskGeneration, logger } = options;
    this.options = options;
    this.nodeId = spec.id;
    this.glusterUuid = spec.glusterUuid;
    this.hostname = spec.hostname;
    const now = options.now ?? (() => BigInt(Math.floor(Date.now() / 1000)));
    const glusterTree = new ObjectTree(STORAGED.rootPath);
    const diskTree = diskGeneration === 'storaged' ? glusterTree : new ObjectTree(UDISKS2.rootPath);
    this.gluster = new GlusterView({ tree: glusterTree, hostUuidOf: options.hostUuidOf, swappedNameId: options.swappedNameId });
    this.disks = new DiskView({ tree: diskTree, stack: buildDiskStack(spec, diskGeneration, now()), generation: diskGeneration, now });
    const nodeLogger = logger.child({ nodeId: spec.id });
    this.connections =
      diskTree === glusterTree
        ? [new ServiceConnection({ busName: STORAGED.busName, trees: [glusterTree], logger: nodeLogger })]
        : [
            new ServiceConnection({ busName: STORAGED.busName, trees: [glusterTree], logger: nodeLogger }),
            new ServiceConnection({ busName: UDISKS2.busName, trees: [diskTree], logger: nodeLogger }),
          ];
  }

  /** Starts the node's bus and services. */
  static async start(options: SimulatedNodeOptions): Promise<SimulatedNode> {
    const node = new SimulatedNode(options);
    await node.startBus();
    try {
      await node.connectServices();
    } catch (error) {
      await node.stop();
      throw error;
    }
    return node;
  }

  /** `unix:path=<dir>/bus.sock`; unchanged across loss and return. */
  get busAddress(): string {
    return `unix:path=${join(this.options.dir, 'bus.sock')}`;
  }

  get online(): boolean {
    return this.lostMode === undefined;
  }

  createVolume(volume: CreateVolumeOptions): void { this.gluster.createVolume(volume); }
  setVolumeStatus(name: string, status: number): void { this.gluster.setVolumeStatus(name, status); }
  deleteVolume(name: string): void { this.gluster.deleteVolume(name); }
  addBrick(volume: string, brick: string): void { this.gluster.addBrick(volume, brick); }
  setBrickOnline(volume: string, brick: string, online: boolean): void { this.gluster.setBrickOnline(volume, brick, online); }
  removeBrick(volume: string, brick: string): void { this.gluster.removeBrick(volume, brick); }
  setGlusterdState(state: { readonly activeState: string; readonly loadState?: string }): void { this.gluster.setGlusterdState(state); }
  setSmartFailing(device: string, failing: boolean): void { this.disks.setSmartFailing(device, failing); }
  setTemperature(device: string, celsius: number): void { this.disks.setTemperature(device, celsius); }
  setBadSectors(device: string, count: number): void { this.disks.setBadSectors(device, count); }
  volumeNames(): string[] { return this.gluster.volumeNames(); }

  /** The node goes away. Idempotent. */
  async lose(mode: NodeLossMode = 'bus'): Promise<void> {
    if (this.lostMode !== undefined) return;
    this.lostMode = mode;
    for (const connection of this.connections) connection.disconnect();
    if (mode === 'bus') await this.stopBus();
  }

  /** The node comes back with its current model; clients must re-read (GetManagedObjects). */
  async restore(): Promise<void> {
    if (this.lostMode === undefined) return;
    if (this.daemon === undefined) await this.startBus();
    await this.connectServices();
    this.lostMode = undefined;
  }

  /** Disconnects the services and stops the bus daemon. Safe to call twice. */
  async stop(): Promise<void> {
    for (const connection of this.connections) connection.disconnect();
    this.lostMode ??= 'bus';
    await this.stopBus();
  }

  private async startBus(): Promise<void> {
    this.daemon = await startBusDaemon({ dir: this.options.dir });
  }

  private async stopBus(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    await daemon?.stop();
  }

  private async connectServices(): Promise<void> {
    for (const connection of this.connections) await connection.connect(this.busAddress);
  }
}
