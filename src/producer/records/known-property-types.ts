/**
 * The D-Bus types the published introspection XML declares for the properties the pipelines read
 * (storaged `glusterfs` branch, udisks2 `org.freedesktop.UDisks2.xml`; see
 * docs reference §1.2, §1.6, §1.7). Keyed by the interface name without its generation prefix, so
 * one table serves `org.storaged.Storaged.*` and `org.freedesktop.UDisks2.*`. A property that
 * arrives with another type is still recorded as it was (lossless), and counted as bad input.
 */
const KNOWN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'GlusterFS.Volume': { name: 's', id: 's', brickcount: 'u', bricks: 'ao', status: 'u' },
  'GlusterFS.Brick': { hostUuid: 's', name: 's', volume: 'o' },
  'GlusterFS.Glusterd': { LoadState: 's', ActiveState: 's' },
  'Manager.GlusterFS': { volumes: 'ao' },
  'Drive.Ata': {
    SmartSupported: 'b',
    SmartEnabled: 'b',
    SmartUpdated: 't',
    SmartFailing: 'b',
    SmartPowerOnSeconds: 't',
    SmartTemperature: 'd',
    SmartNumAttributesFailing: 'i',
    SmartNumAttributesFailedInThePast: 'i',
    SmartNumBadSectors: 'x',
    SmartSelftestStatus: 's',
    SmartSelftestPercentRemaining: 'i',
  },
  'NVMe.Controller': { SmartUpdated: 't', SmartCriticalWarning: 'as', SmartPowerOnHours: 't', SmartTemperature: 'q' },
  Block: { Device: 'ay', PreferredDevice: 'ay', Symlinks: 'aay', DeviceNumber: 't', Id: 's', Size: 't', ReadOnly: 'b', Drive: 'o', MDRaid: 'o', MDRaidMember: 'o', IdUUID: 's', CryptoBackingDevice: 'o' },
  Filesystem: { MountPoints: 'aay', Size: 't' },
  Partition: { Number: 'u', Type: 's', Flags: 't', Offset: 't', Size: 't', Name: 's', UUID: 's', Table: 'o', IsContainer: 'b', IsContained: 'b' },
  'Block.LVM2': { LogicalVolume: 'o' },
  PhysicalVolume: { VolumeGroup: 'o', Size: 't', FreeSize: 't' },
  LogicalVolume: { VolumeGroup: 'o', Name: 's', UUID: 's', Size: 't', ThinPool: 'o', Origin: 'o', BlockDevice: 'o' },
};

const PREFIXES = ['org.storaged.Storaged.', 'org.freedesktop.UDisks2.'] as const;

/** The declared signature of `property` on `interfaceName`, or undefined when we declare none. */
export function expectedSignature(interfaceName: string, property: string): string | undefined {
  const prefix = PREFIXES.find((candidate) => interfaceName.startsWith(candidate));
  if (prefix === undefined) return undefined;
  return KNOWN[interfaceName.slice(prefix.length)]?.[property];
}
