import type { RawPropertyChange } from '../../src/serde/index.js';
import {
  interfaceRole,
  readBoolean,
  readByteString,
  readByteStrings,
  readNumber,
  readObjectPath,
  readString,
  readStrings,
  readStructureSegmentDevices,
  type DiskRole,
  type InterfaceRole,
  type Properties,
} from '../domain/index.js';

/**
 * One node's storage objects as the brick ↔ drive join needs them: per object path, per interface
 * role, the few properties it reads, in JSON form (so they fit a changelogged store). udisks sends
 * only changed properties, so each record is overlaid on what was known.
 */
export type Json = string | number | boolean | null | readonly string[];
export type RoleFacts = Readonly<Record<string, Json>>;
export type DiskObject = Readonly<Partial<Record<InterfaceRole, RoleFacts>>>;

/**
 * One reader per disk role, none left out: a role without one made `diskRoleOf` answer undefined
 * for records the producer does write (udisks' Encrypted, on every LUKS backing device), and the
 * topology filed them as Block, wiping that block's links down to its drives.
 */
const READERS: Readonly<Record<DiskRole, (properties: Properties) => Record<string, Json | undefined>>> = {
  Drive: (p) => ({ model: readString(p, 'Model'), serial: readString(p, 'Serial'), wwn: readString(p, 'WWN'), vendor: readString(p, 'Vendor') }),
  'Drive.Ata': (p) => ({
    smartSupported: readBoolean(p, 'SmartSupported'),
    smartEnabled: readBoolean(p, 'SmartEnabled'),
    smartUpdated: readNumber(p, 'SmartUpdated'),
    smartFailing: readBoolean(p, 'SmartFailing'),
    temperatureKelvin: readNumber(p, 'SmartTemperature'),
    badSectors: readNumber(p, 'SmartNumBadSectors'),
    attributesFailing: readNumber(p, 'SmartNumAttributesFailing'),
    attributesFailedInThePast: readNumber(p, 'SmartNumAttributesFailedInThePast'),
    selftestStatus: readString(p, 'SmartSelftestStatus'),
  }),
  'NVMe.Controller': (p) => ({
    criticalWarnings: readStrings(p, 'SmartCriticalWarning'),
    smartUpdated: readNumber(p, 'SmartUpdated'),
    temperatureKelvin: readNumber(p, 'SmartTemperature'),
  }),
  Block: (p) => ({
    device: readByteString(p, 'PreferredDevice') ?? readByteString(p, 'Device'),
    drive: readObjectPath(p, 'Drive') ?? null,
    cryptoBackingDevice: readObjectPath(p, 'CryptoBackingDevice') ?? null,
    mdRaid: readObjectPath(p, 'MDRaid') ?? null,
    mdRaidMember: readObjectPath(p, 'MDRaidMember') ?? null,
  }),
  Filesystem: (p) => ({ mountPoints: readByteStrings(p, 'MountPoints') }),
  'Block.LVM2': (p) => ({ logicalVolume: readObjectPath(p, 'LogicalVolume') ?? null }),
  PhysicalVolume: (p) => ({ volumeGroup: readObjectPath(p, 'VolumeGroup') ?? null }),
  LogicalVolume: (p) => ({
    name: readString(p, 'Name'),
    volumeGroup: readObjectPath(p, 'VolumeGroup') ?? null,
    thinPool: readObjectPath(p, 'ThinPool') ?? null,
    segmentDevices: readStructureSegmentDevices(p, 'Structure'),
  }),
  Partition: (p) => ({ table: readObjectPath(p, 'Table') ?? null }),
  Encrypted: (p) => ({ cleartextDevice: readObjectPath(p, 'CleartextDevice') ?? null }),
  MDRaid: (p) => ({ level: readString(p, 'Level'), name: readString(p, 'Name') }),
  VolumeGroup: (p) => ({ name: readString(p, 'Name') }),
};

/** The role of a raw record's interface when it is part of the storage stack (any of DISK_ROLES). */
export function diskRoleOf(record: RawPropertyChange): DiskRole | undefined {
  const role = interfaceRole(record.interface);
  return role !== undefined && Object.hasOwn(READERS, role) ? (role as DiskRole) : undefined;
}

/**
 * Overlays one record on the object's known facts; `undefined` = the object no longer exists.
 * The record's own interface decides which role it updates (an older processor filed Encrypted
 * records as Block into its repartition topic, with a role field that is now ignored): a record
 * of another role must not overwrite that role's facts. A record of no disk role changes nothing.
 *
 * @example
 * // an Encrypted SNAPSHOT of the md block leaves its Block facts (mdRaid, drive, device) as they were
 * applyDiskRecord(mdBlock, encryptedRecord)?.Block === mdBlock.Block; // true
 */
export function applyDiskRecord(object: DiskObject | undefined, record: RawPropertyChange): DiskObject | undefined {
  const role = diskRoleOf(record);
  if (role === undefined) return object;
  if (record.kind === 'REMOVED') {
    const { [role]: _removed, ...rest } = object ?? {};
    return Object.keys(rest).length === 0 ? undefined : rest;
  }
  const read = READERS[role];
  const base: Record<string, Json> = record.kind === 'CHANGED' ? { ...(object?.[role] ?? {}) } : {};
  for (const [name, value] of Object.entries(read(record.properties))) {
    if (value !== undefined) base[name] = value;
  }
  return { ...object, [role]: base };
}
