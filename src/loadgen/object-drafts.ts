import { diskInterfaceName, escapeObjectPathSegment, GLUSTER_INTERFACES, GLUSTER_PATHS, STORAGED, UDISKS2 } from '../dbus/index.js';
import type { RecordDraft } from '../producer/index.js';
import type { TypedDbusValue } from '../serde/index.js';
import type { ClusterLayout, SyntheticBrick, SyntheticDrive, SyntheticNode, SyntheticVolume } from './cluster-shape.js';

/**
 * What one node's producer reads off its bus, as record drafts (the record builder adds identity,
 * session, sequence and time): the storaged glusterfs module's objects (every volume and brick of
 * the cluster, glusterd, the manager) and udisks2's objects for the node's own drives and the
 * partitions holding its bricks. Property names and D-Bus types are those of the published
 * introspection XML (the producer's `known-property-types` table); a CHANGED draft carries only the
 * changed properties plus, for SMART, `SmartUpdated`, as udisks sends them.
 */
const s = (value: string): TypedDbusValue => ({ signature: 's', value });
const o = (value: string): TypedDbusValue => ({ signature: 'o', value });
const u = (value: number): TypedDbusValue => ({ signature: 'u', value });
const b = (value: boolean): TypedDbusValue => ({ signature: 'b', value });
const t = (value: bigint): TypedDbusValue => ({ signature: 't', value });
const bytes = (text: string): TypedDbusValue => ({ signature: 'ay', value: Buffer.from(`${text}\0`) });
const NO_OBJECT = '/';
const GIB = 1024n ** 3n;

export const volumeObjectPath = (name: string): string => GLUSTER_PATHS.volumePrefix + escapeObjectPathSegment(name);
export const brickObjectPath = (name: string): string => GLUSTER_PATHS.brickPrefix + escapeObjectPathSegment(name);
export const driveObjectPath = (drive: SyntheticDrive): string => `${UDISKS2.rootPath}/drives/LOADGEN_${escapeObjectPathSegment(drive.serial)}`;
export const blockObjectPath = (device: string): string => `${UDISKS2.rootPath}/block_devices/${escapeObjectPathSegment(device)}`;
export const partitionDevice = (drive: SyntheticDrive, partition: number): string => `${drive.device}${partition}`;

const gluster = (objectPath: string, iface: string, kind: RecordDraft['kind'], properties: Record<string, TypedDbusValue>): RecordDraft => ({
  busName: STORAGED.busName,
  objectPath,
  interface: iface,
  kind,
  properties,
  invalidated: [],
});
const udisks = (objectPath: string, role: Parameters<typeof diskInterfaceName>[1], kind: RecordDraft['kind'], properties: Record<string, TypedDbusValue>): RecordDraft => ({
  busName: UDISKS2.busName,
  objectPath,
  interface: diskInterfaceName('udisks2', role),
  kind,
  properties,
  invalidated: [],
});

export function managerDraft(): RecordDraft {
  // The module never filled `volumes`; it stays empty, as on a real node.
  return gluster(GLUSTER_PATHS.manager, GLUSTER_INTERFACES.manager, 'SNAPSHOT', { volumes: { signature: 'ao', value: [] } });
}

export function glusterdDraft(kind: 'SNAPSHOT' | 'CHANGED', activeState: string): RecordDraft {
  return gluster(GLUSTER_PATHS.glusterd, GLUSTER_INTERFACES.glusterd, kind, kind === 'SNAPSHOT' ? { LoadState: s('loaded'), ActiveState: s(activeState) } : { ActiveState: s(activeState) });
}

/** The whole Volume object: in a snapshot, or ADDED when the volume is created. */
export function volumeSnapshotDraft(layout: ClusterLayout, volume: SyntheticVolume, status: number, kind: 'SNAPSHOT' | 'ADDED' = 'SNAPSHOT'): RecordDraft {
  return gluster(volumeObjectPath(volume.name), GLUSTER_INTERFACES.volume, kind, {
    name: s(volume.name),
    id: s(volume.id),
    status: u(status),
    brickcount: u(volume.bricks.length),
    bricks: { signature: 'ao', value: volume.bricks.map((index) => brickObjectPath(layout.bricks[index]?.name ?? '')) },
  });
}

export function volumeStatusDraft(volume: SyntheticVolume, status: number): RecordDraft {
  return gluster(volumeObjectPath(volume.name), GLUSTER_INTERFACES.volume, 'CHANGED', { status: u(status) });
}

export function volumeRemovedDraft(volume: SyntheticVolume): RecordDraft {
  return gluster(volumeObjectPath(volume.name), GLUSTER_INTERFACES.volume, 'REMOVED', {});
}

export function brickSnapshotDraft(layout: ClusterLayout, brick: SyntheticBrick, kind: 'SNAPSHOT' | 'ADDED' = 'SNAPSHOT'): RecordDraft {
  return gluster(brickObjectPath(brick.name), GLUSTER_INTERFACES.brick, kind, {
    hostUuid: s(layout.nodes[brick.node]?.glusterUuid ?? ''),
    name: s(brick.name),
    volume: o(volumeObjectPath(layout.volumes[brick.volume]?.name ?? '')),
  });
}

export function brickRemovedDraft(brick: SyntheticBrick): RecordDraft {
  return gluster(brickObjectPath(brick.name), GLUSTER_INTERFACES.brick, 'REMOVED', {});
}

export interface SmartValues {
  readonly failing: boolean;
  readonly kelvin: number;
  /** Unix seconds of the last SMART refresh. */
  readonly updated: bigint;
}

/** Drive, Drive.Ata, and the whole-disk Block with its partition table. */
export function driveSnapshotDrafts(node: SyntheticNode, drive: SyntheticDrive, smart: SmartValues, partitions: readonly string[]): RecordDraft[] {
  const path = driveObjectPath(drive);
  const block = blockObjectPath(drive.device);
  return [
    udisks(path, 'drive', 'SNAPSHOT', {
      Vendor: s('ATA'),
      Model: s('LOADGEN HDD 4TB'),
      Revision: s('1.0'),
      Serial: s(drive.serial),
      WWN: s(`0x5000c500${drive.index.toString(16).padStart(8, '0')}`),
      Id: s(`ATA-LOADGEN-HDD-4TB-${drive.serial}`),
      Size: t(4000n * GIB),
      RotationRate: { signature: 'i', value: 7200 },
      ConnectionBus: s('ata'),
      Removable: b(false),
      SortKey: s(`00coldplug/00fixed/${drive.device}`),
    }),
    udisks(path, 'driveAta', 'SNAPSHOT', {
      SmartSupported: b(true),
      SmartEnabled: b(true),
      SmartUpdated: t(smart.updated),
      SmartFailing: b(smart.failing),
      SmartPowerOnSeconds: t(BigInt(3600 * (1000 + drive.index % 5000))),
      SmartTemperature: { signature: 'd', value: smart.kelvin },
      SmartNumAttributesFailing: { signature: 'i', value: 0 },
      SmartNumAttributesFailedInThePast: { signature: 'i', value: 0 },
      SmartNumBadSectors: { signature: 'x', value: 0n },
      SmartSelftestStatus: s('success'),
      SmartSelftestPercentRemaining: { signature: 'i', value: 0 },
    }),
    udisks(block, 'block', 'SNAPSHOT', blockProperties(`/dev/${drive.device}`, path, node, 4000n * GIB)),
    udisks(block, 'partitionTable', 'SNAPSHOT', { Type: s('gpt'), Partitions: { signature: 'ao', value: partitions.map(blockObjectPath) } }),
  ];
}

/** The partition holding a brick: Block (Drive = the parent drive, as udisks reports partitions), Partition, Filesystem. */
export function brickPartitionDrafts(node: SyntheticNode, brick: SyntheticBrick, drive: SyntheticDrive): RecordDraft[] {
  const device = partitionDevice(drive, brick.partition);
  const path = blockObjectPath(device);
  return [
    udisks(path, 'block', 'SNAPSHOT', { ...blockProperties(`/dev/${device}`, driveObjectPath(drive), node, 100n * GIB), IdUsage: s('filesystem'), IdType: s('xfs') }),
    udisks(path, 'partition', 'SNAPSHOT', {
      Number: u(brick.partition),
      Type: s('0fc63daf-8483-4772-8e79-3d69d8477de4'),
      Offset: t(BigInt(brick.partition) * 100n * GIB),
      Size: t(100n * GIB),
      Table: o(blockObjectPath(drive.device)),
    }),
    udisks(path, 'filesystem', 'SNAPSHOT', { MountPoints: { signature: 'aay', value: [Buffer.from(`${brick.mountPoint}\0`)] }, Size: t(100n * GIB) }),
  ];
}

function blockProperties(device: string, drivePath: string, node: SyntheticNode, size: bigint): Record<string, TypedDbusValue> {
  return {
    Device: bytes(device),
    PreferredDevice: bytes(device),
    Symlinks: { signature: 'aay', value: [] },
    DeviceNumber: t(2048n),
    Id: s(''),
    Size: t(size),
    ReadOnly: b(false),
    Drive: o(drivePath),
    MDRaid: o(NO_OBJECT),
    MDRaidMember: o(NO_OBJECT),
    CryptoBackingDevice: o(NO_OBJECT),
    IdUUID: s(`${node.glusterUuid.slice(0, 8)}-${device.replace(/\W/g, '')}`),
  };
}

/** A SMART refresh that changed one value: the changed property plus SmartUpdated. */
export function smartChangeDraft(drive: SyntheticDrive, changed: { failing?: boolean; kelvin?: number }, updated: bigint): RecordDraft {
  const properties: Record<string, TypedDbusValue> = { SmartUpdated: t(updated) };
  if (changed.failing !== undefined) properties['SmartFailing'] = b(changed.failing);
  if (changed.kelvin !== undefined) properties['SmartTemperature'] = { signature: 'd', value: changed.kelvin };
  return udisks(driveObjectPath(drive), 'driveAta', 'CHANGED', properties);
}

export function heartbeatDraft(): RecordDraft {
  return { busName: '', objectPath: '/', interface: null, kind: 'HEARTBEAT', properties: {}, invalidated: [] };
}
