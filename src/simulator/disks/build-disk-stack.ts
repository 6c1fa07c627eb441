import type { DiskGeneration } from '../../dbus/index.js';
import { storageDaemonNames } from '../../dbus/index.js';
import type { NodeSpec } from '../scenario/node-schema.js';
import { addBrickLayout, type DriveBlock } from './brick-layouts.js';
import { ataValues, driveValues, nvmeValues } from './disk-values.js';
import { StackBuilder, type DiskObject } from './stack-builder.js';

export interface DiskStack {
  readonly rootPath: string;
  readonly objects: readonly DiskObject[];
  /** Drive object path per drive `device`, for the SMART mutators. */
  readonly drivePaths: ReadonlyMap<string, string>;
}

/**
 * Every disk object of one node: a Drive (+ Drive.Ata or NVMe.Controller) and a whole-disk Block per
 * drive, then the objects of each brick layout on top. `now` (unix seconds) stamps SmartUpdated.
 */
export function buildDiskStack(node: NodeSpec, generation: DiskGeneration, now: bigint): DiskStack {
  const builder = new StackBuilder(storageDaemonNames(generation).rootPath);
  const drivePaths = new Map<string, string>();
  const driveBlocks = new Map<string, DriveBlock>();
  node.drives.forEach((drive, index) => {
    const drivePath = builder.drivePath(drive.vendor, drive.model, drive.serial);
    drivePaths.set(drive.device, drivePath);
    builder.set(drivePath, 'drive', driveValues(drive, now));
    if (drive.kind === 'ata') builder.set(drivePath, 'driveAta', ataValues(drive, now));
    if (drive.kind === 'nvme') builder.set(drivePath, 'nvmeController', nvmeValues(drive, now));
    const nvme = drive.kind === 'nvme';
    const major = nvme ? 259 : 8;
    const minor = nvme ? builder.allocateNvmeMinor() : index * 16;
    const size = BigInt(drive.sizeBytes);
    const symlinks = [`/dev/disk/by-id/${nvme ? 'nvme' : 'ata'}-${drive.model.replace(/\s+/g, '_')}_${drive.serial}`];
    const block = builder.block({ name: drive.device, major, minor, size, drive: drivePath, symlinks });
    driveBlocks.set(drive.device, { block, size, partitionPrefix: nvme ? `${drive.device}p` : drive.device, major, minor });
  });
  for (const brick of node.bricks) addBrickLayout(builder, node, brick, driveBlocks);
  return { rootPath: builder.root, objects: builder.list(), drivePaths };
}
