import dbus from 'dbus-next';
import type { DiskInterface } from '../../dbus/index.js';
import type { DriveSpec } from '../scenario/node-schema.js';
import { DISK_PROPERTIES } from './disk-properties.js';

/** udisks' "no such object" path. */
export const NO_OBJECT = '/';

/** An `ay` bytestring as udisks sends it: the C string including its trailing NUL. */
export function bytestring(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf8');
}

export const celsiusToKelvin = (celsius: number): number => Math.round((celsius + 273.15) * 1000) / 1000;

/** A zero value for every property of an interface, so an object always carries the full shape. */
export function zeroValues(iface: DiskInterface): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [property, signature] of Object.entries(DISK_PROPERTIES[iface])) values[property] = zeroOf(signature);
  return values;
}

function zeroOf(signature: string): unknown {
  switch (signature) {
    case 's': return '';
    case 'o': return NO_OBJECT;
    case 'b': return false;
    case 'd': return 0;
    case 't': case 'x': return 0n;
    case 'ay': return Buffer.alloc(0);
    case 'a{sv}': return {};
    default: return signature.startsWith('a') ? [] : 0;
  }
}

export function driveValues(drive: DriveSpec, now: bigint): Record<string, unknown> {
  const id = [drive.vendor, drive.model, drive.serial].filter((part) => part !== '').join('-').replace(/\s+/g, '-');
  return {
    ...zeroValues('drive'),
    Vendor: drive.vendor, Model: drive.model, Revision: drive.revision, Serial: drive.serial, WWN: drive.wwn, Id: id,
    Size: BigInt(drive.sizeBytes), TimeDetected: now * 1_000_000n, TimeMediaDetected: now * 1_000_000n, MediaAvailable: true,
    RotationRate: drive.kind === 'nvme' ? 0 : drive.rotationRate, ConnectionBus: drive.kind === 'nvme' ? '' : 'ata',
    SortKey: `01hotplug/${drive.device}`, Configuration: { 'ata-write-cache-enabled': new dbus.Variant('b', true) },
  };
}

export function ataValues(drive: DriveSpec, now: bigint): Record<string, unknown> {
  return {
    ...zeroValues('driveAta'),
    SmartSupported: true, SmartEnabled: true, SmartUpdated: now, SmartFailing: false,
    SmartPowerOnSeconds: BigInt(drive.powerOnHours) * 3600n, SmartTemperature: celsiusToKelvin(drive.temperatureCelsius),
    SmartNumAttributesFailing: 0, SmartNumAttributesFailedInThePast: 0, SmartNumBadSectors: BigInt(drive.badSectors),
    SmartSelftestStatus: 'success', SmartSelftestPercentRemaining: 0, PmSupported: true, PmEnabled: true,
    WriteCacheSupported: true, WriteCacheEnabled: true, ReadLookaheadSupported: true, ReadLookaheadEnabled: true,
    AamVendorRecommendedValue: 0, SecurityEraseUnitMinutes: 0, SecurityEnhancedEraseUnitMinutes: 0,
  };
}

export function nvmeValues(drive: DriveSpec, now: bigint): Record<string, unknown> {
  return {
    ...zeroValues('nvmeController'),
    State: 'live', ControllerID: 1, SubsystemNQN: bytestring(`nqn.2014-08.org.nvmexpress:sim:${drive.serial}`),
    NVMeRevision: '1.4', SmartUpdated: now, SmartCriticalWarning: [], SmartPowerOnHours: BigInt(drive.powerOnHours),
    SmartTemperature: Math.round(drive.temperatureCelsius + 273.15), SmartSelftestStatus: 'success', SanitizeStatus: 'never_sanitized',
  };
}
