import { ObjectTree, storageDaemonNames, type DiskGeneration } from '../../dbus/index.js';
import type { Logger } from '../../logging/index.js';
import { buildDiskStack } from '../disks/build-disk-stack.js';
import { DiskView } from '../disks/disk-view.js';
import { nodeSchema, type NodeSpecInput } from '../scenario/node-schema.js';
import { ServiceConnection } from './service-connection.js';

export interface ExportSimulatedDisksOptions {
  /** The bus to export on; the caller owns it (it may already carry a real gluster-dbus exporter). */
  readonly busAddress: string;
  /** The node's drives and bricks, as in a scenario file (its `hostname` is not used here). */
  readonly node: NodeSpecInput;
  /** Default `udisks2` (`org.freedesktop.UDisks2`); `storaged` needs the bus name free of an exporter. */
  readonly generation?: DiskGeneration;
  readonly logger: Logger;
}

/** One node's simulated disk service on a bus it joined, with the SMART mutators of a simulated node. */
export interface SimulatedDisks {
  setSmartFailing(device: string, failing: boolean): void;
  setTemperature(device: string, celsius: number): void;
  setBadSectors(device: string, count: number): void;
  /** Releases the name and leaves the bus. Safe to call twice. */
  stop(): void;
}

/**
 * Exports only the disk half of a simulated node (Drive, Drive.Ata / NVMe.Controller and the brick
 * layouts' Block, Partition, Filesystem, ... objects) on an existing bus. For a real Gluster node
 * whose drives udisks cannot describe (loop devices have no Drive and no SMART): give the brick's
 * real mount point as the layout's `mountPoint`, and the processor maps the real brick to a drive
 * whose SMART state the caller controls.
 *
 * @example
 * const disks = await exportSimulatedDisks({ busAddress, logger, node: { id: 'n1', glusterUuid, hostname: 'n1',
 *   drives: [{ device: 'sda', serial: 'N1' }], bricks: [{ path: '/bricks', layout: { type: 'partition', drive: 'sda' } }] } });
 * disks.setSmartFailing('sda', true);
 */
export async function exportSimulatedDisks(options: ExportSimulatedDisksOptions): Promise<SimulatedDisks> {
  const generation = options.generation ?? 'udisks2';
  const spec = nodeSchema.parse(options.node);
  const names = storageDaemonNames(generation);
  const tree = new ObjectTree(names.rootPath);
  const now = (): bigint => BigInt(Math.floor(Date.now() / 1000));
  const view = new DiskView({ tree, stack: buildDiskStack(spec, generation, now()), generation, now });
  const connection = new ServiceConnection({ busName: names.busName, trees: [tree], logger: options.logger.child({ nodeId: spec.id }) });
  await connection.connect(options.busAddress);
  return {
    setSmartFailing: (device, failing) => view.setSmartFailing(device, failing),
    setTemperature: (device, celsius) => view.setTemperature(device, celsius),
    setBadSectors: (device, count) => view.setBadSectors(device, count),
    stop: () => connection.disconnect(),
  };
}
