import type { DiskInterface } from '../../dbus/index.js';
import type { PropertySignatures } from '../../dbus/index.js';

/**
 * Property names and D-Bus types of the disk-stack interfaces, identical in storaged (2015) and
 * udisks2 (`data/org.freedesktop.UDisks2.xml`, `modules/lvm2/data/org.freedesktop.UDisks2.lvm2.xml`).
 * Every simulated object carries all of them so that clients see the full udisks shape.
 */
export const DISK_PROPERTIES: Readonly<Record<DiskInterface, PropertySignatures>> = {
  drive: {
    Vendor: 's', Model: 's', Revision: 's', Serial: 's', WWN: 's', Id: 's', Configuration: 'a{sv}', Media: 's',
    MediaCompatibility: 'as', MediaRemovable: 'b', MediaAvailable: 'b', MediaChangeDetected: 'b', Size: 't',
    TimeDetected: 't', TimeMediaDetected: 't', Optical: 'b', OpticalBlank: 'b', OpticalNumTracks: 'u',
    OpticalNumAudioTracks: 'u', OpticalNumDataTracks: 'u', OpticalNumSessions: 'u', RotationRate: 'i',
    ConnectionBus: 's', Seat: 's', Removable: 'b', Ejectable: 'b', SortKey: 's', CanPowerOff: 'b', SiblingId: 's',
  },
  driveAta: {
    SmartSupported: 'b', SmartEnabled: 'b', SmartUpdated: 't', SmartFailing: 'b', SmartPowerOnSeconds: 't',
    SmartTemperature: 'd', SmartNumAttributesFailing: 'i', SmartNumAttributesFailedInThePast: 'i',
    SmartNumBadSectors: 'x', SmartSelftestStatus: 's', SmartSelftestPercentRemaining: 'i',
    PmSupported: 'b', PmEnabled: 'b', ApmSupported: 'b', ApmEnabled: 'b', AamSupported: 'b', AamEnabled: 'b',
    AamVendorRecommendedValue: 'i', WriteCacheSupported: 'b', WriteCacheEnabled: 'b', ReadLookaheadSupported: 'b',
    ReadLookaheadEnabled: 'b', SecurityEraseUnitMinutes: 'i', SecurityEnhancedEraseUnitMinutes: 'i', SecurityFrozen: 'b',
  },
  nvmeController: {
    State: 's', ControllerID: 'q', SubsystemNQN: 'ay', FGUID: 's', NVMeRevision: 's', UnallocatedCapacity: 't',
    SmartUpdated: 't', SmartCriticalWarning: 'as', SmartPowerOnHours: 't', SmartTemperature: 'q',
    SmartSelftestStatus: 's', SmartSelftestPercentRemaining: 'i', SanitizeStatus: 's', SanitizePercentRemaining: 'i',
  },
  block: {
    Device: 'ay', PreferredDevice: 'ay', Symlinks: 'aay', DeviceNumber: 't', Id: 's', Size: 't', ReadOnly: 'b',
    Drive: 'o', MDRaid: 'o', MDRaidMember: 'o', IdUsage: 's', IdType: 's', IdVersion: 's', IdLabel: 's', IdUUID: 's',
    Configuration: 'a(sa{sv})', CryptoBackingDevice: 'o', HintPartitionable: 'b', HintSystem: 'b', HintIgnore: 'b',
    HintAuto: 'b', HintName: 's', HintIconName: 's', HintSymbolicIconName: 's', UserspaceMountOptions: 'as',
  },
  filesystem: { MountPoints: 'aay', Size: 't' },
  partition: {
    Number: 'u', Type: 's', Flags: 't', Offset: 't', Size: 't', Name: 's', UUID: 's', Table: 'o',
    IsContainer: 'b', IsContained: 'b',
  },
  partitionTable: { Type: 's', Partitions: 'ao' },
  encrypted: { HintEncryptionType: 's', MetadataSize: 't', CleartextDevice: 'o', ChildConfiguration: 'a(sa{sv})' },
  mdRaid: {
    UUID: 's', Name: 's', Level: 's', NumDevices: 'u', Size: 't', SyncAction: 's', SyncCompleted: 'd', SyncRate: 't',
    SyncRemainingTime: 't', Degraded: 'u', BitmapLocation: 'ay', ChunkSize: 't', ActiveDevices: 'a(oiasta{sv})',
    ChildConfiguration: 'a(sa{sv})', Running: 'b',
  },
  blockLvm2: { LogicalVolume: 'o' },
  physicalVolume: { VolumeGroup: 'o', Size: 't', FreeSize: 't' },
  volumeGroup: {
    Name: 's', UUID: 's', Size: 't', FreeSize: 't', ExtentSize: 't', NeedsPolling: 'b', MissingPhysicalVolumes: 'as',
  },
  logicalVolume: {
    Name: 's', UUID: 's', Size: 't', DataAllocatedRatio: 'd', MetadataAllocatedRatio: 'd', Active: 'b', Type: 's',
    Layout: 's', SyncRatio: 'd', ThinPool: 'o', Origin: 'o', VolumeGroup: 'o', BlockDevice: 'o', Structure: 'a{sv}',
  },
};
