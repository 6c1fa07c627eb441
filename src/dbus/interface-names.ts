/**
 * D-Bus names of the two generations of the storage daemon. storaged (2015, the generation the
 * glusterfs module was written for) was renamed back to udisks in 2.6.4; the members and types are
 * the same, only the prefix differs. The glusterfs module only ever existed as storaged.
 */
export type DiskGeneration = 'udisks2' | 'storaged';

/** Bus name, ObjectManager root and interface-name prefix of one generation. */
export interface StorageDaemonNames {
  readonly busName: string;
  readonly rootPath: string;
  readonly prefix: string;
}

export const STORAGED: StorageDaemonNames = Object.freeze({
  busName: 'org.storaged.Storaged',
  rootPath: '/org/storaged/Storaged',
  prefix: 'org.storaged.Storaged',
});

export const UDISKS2: StorageDaemonNames = Object.freeze({
  busName: 'org.freedesktop.UDisks2',
  rootPath: '/org/freedesktop/UDisks2',
  prefix: 'org.freedesktop.UDisks2',
});

export function storageDaemonNames(generation: DiskGeneration): StorageDaemonNames {
  return generation === 'udisks2' ? UDISKS2 : STORAGED;
}

/** The glusterfs module (storaged fork, branch `glusterfs`); it has no udisks2 counterpart. */
export const GLUSTER_INTERFACES = Object.freeze({
  manager: 'org.storaged.Storaged.Manager.GlusterFS',
  volume: 'org.storaged.Storaged.GlusterFS.Volume',
  brick: 'org.storaged.Storaged.GlusterFS.Brick',
  glusterd: 'org.storaged.Storaged.GlusterFS.Glusterd',
});

/** Object paths of the glusterfs module; append an escaped segment to `volumePrefix` / `brickPrefix`. */
export const GLUSTER_PATHS = Object.freeze({
  manager: '/org/storaged/Storaged/Manager',
  glusterd: '/org/storaged/Storaged/glusterfs/daemons/glusterd',
  volumePrefix: '/org/storaged/Storaged/glusterfs/volume/',
  brickPrefix: '/org/storaged/Storaged/glusterfs/brick/',
});

/** Disk-stack interface suffixes; the full name is `${prefix}.${suffix}` for either generation. */
export const DISK_INTERFACE_SUFFIXES = Object.freeze({
  drive: 'Drive',
  driveAta: 'Drive.Ata',
  nvmeController: 'NVMe.Controller',
  block: 'Block',
  filesystem: 'Filesystem',
  partition: 'Partition',
  partitionTable: 'PartitionTable',
  encrypted: 'Encrypted',
  mdRaid: 'MDRaid',
  blockLvm2: 'Block.LVM2',
  physicalVolume: 'PhysicalVolume',
  volumeGroup: 'VolumeGroup',
  logicalVolume: 'LogicalVolume',
});

export type DiskInterface = keyof typeof DISK_INTERFACE_SUFFIXES;

/** Full interface name of a disk-stack interface, e.g. `diskInterfaceName('udisks2', 'driveAta')`. */
export function diskInterfaceName(generation: DiskGeneration, iface: DiskInterface): string {
  return `${storageDaemonNames(generation).prefix}.${DISK_INTERFACE_SUFFIXES[iface]}`;
}

/** Standard freedesktop interfaces used for change notification. */
export const FREEDESKTOP = Object.freeze({
  objectManager: 'org.freedesktop.DBus.ObjectManager',
  properties: 'org.freedesktop.DBus.Properties',
});
