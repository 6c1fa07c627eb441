/**
 * The pipelines do not care which naming generation a node runs: storaged 2015
 * (`org.storaged.Storaged.Drive.Ata`) and udisks2 today (`org.freedesktop.UDisks2.Drive.Ata`) carry
 * the same members. This reduces an interface name to its role.
 */
const GLUSTER_ROLE_NAMES = ['GlusterFS.Volume', 'GlusterFS.Brick', 'GlusterFS.Glusterd'] as const;
const DISK_ROLE_NAMES = [
  'Drive',
  'Drive.Ata',
  'NVMe.Controller',
  'Block',
  'Filesystem',
  'Partition',
  'Encrypted',
  'MDRaid',
  'Block.LVM2',
  'PhysicalVolume',
  'VolumeGroup',
  'LogicalVolume',
] as const;

/** A role of a node's storage stack: drives, SMART, and the block layers between a filesystem and its drives. */
export type DiskRole = (typeof DISK_ROLE_NAMES)[number];
export type InterfaceRole = (typeof GLUSTER_ROLE_NAMES)[number] | DiskRole;

const PREFIXES = ['org.storaged.Storaged.', 'org.freedesktop.UDisks2.'] as const;
const ROLES = new Set<string>([...GLUSTER_ROLE_NAMES, ...DISK_ROLE_NAMES]);

export function interfaceRole(interfaceName: string | null): InterfaceRole | undefined {
  if (interfaceName === null) return undefined;
  const prefix = PREFIXES.find((candidate) => interfaceName.startsWith(candidate));
  if (prefix === undefined) return undefined;
  const role = interfaceName.slice(prefix.length);
  return ROLES.has(role) ? (role as InterfaceRole) : undefined;
}

export const GLUSTER_ROLES: ReadonlySet<InterfaceRole> = new Set(GLUSTER_ROLE_NAMES);

/** Roles that describe a node's local storage stack (block devices down to drives). */
export const DISK_ROLES: ReadonlySet<InterfaceRole> = new Set(DISK_ROLE_NAMES);
