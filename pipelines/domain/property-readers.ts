import type { DbusJsValue, TypedDbusValue } from '../../src/serde/index.js';

/**
 * Reads properties of a raw record defensively: a property of an unexpected D-Bus type reads as
 * `undefined` (the pipelines treat it as not reported) instead of throwing, since the bus is input.
 */
export type Properties = Readonly<Record<string, TypedDbusValue>>;

export function readString(properties: Properties, name: string): string | undefined {
  const value = properties[name]?.value;
  return typeof value === 'string' ? value : undefined;
}

/** Any D-Bus integer or double as a JS number (64-bit values beyond 2^53 lose precision here, on purpose). */
export function readNumber(properties: Properties, name: string): number | undefined {
  const value = properties[name]?.value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

export function readBoolean(properties: Properties, name: string): boolean | undefined {
  const value = properties[name]?.value;
  return typeof value === 'boolean' ? value : undefined;
}

export function readStrings(properties: Properties, name: string): string[] | undefined {
  const value = properties[name]?.value;
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...(value as string[])] : undefined;
}

/** `ay` holding a NUL-terminated path (udisks Device, PreferredDevice), as a string. */
export function readByteString(properties: Properties, name: string): string | undefined {
  const value = properties[name]?.value;
  return Buffer.isBuffer(value) ? bytesToPath(value) : undefined;
}

/** `aay` of NUL-terminated paths (udisks Filesystem.MountPoints). */
export function readByteStrings(properties: Properties, name: string): string[] | undefined {
  const value = properties[name]?.value;
  if (!Array.isArray(value)) return undefined;
  const paths: string[] = [];
  for (const item of value as readonly DbusJsValue[]) {
    if (!Buffer.isBuffer(item)) return undefined;
    paths.push(bytesToPath(item));
  }
  return paths;
}

/**
 * LogicalVolume.Structure (a{sv}) → the PV block object paths of its `segs` (a(tto)), and of nested
 * `data`/`metadata` sub-structures where udisks reports them.
 */
export function readStructureSegmentDevices(properties: Properties, name: string): string[] | undefined {
  const structure = properties[name]?.value;
  if (typeof structure !== 'object' || structure === null || Array.isArray(structure) || Buffer.isBuffer(structure)) return undefined;
  const devices: string[] = [];
  collectSegments(structure as Readonly<Record<string, DbusJsValue>>, devices);
  return devices;
}

function collectSegments(structure: Readonly<Record<string, DbusJsValue>>, into: string[]): void {
  for (const [key, entry] of Object.entries(structure)) {
    const inner = unwrapVariant(entry);
    if (key === 'segs' && Array.isArray(inner)) {
      for (const segment of inner as readonly DbusJsValue[]) {
        const device = Array.isArray(segment) ? (segment as readonly DbusJsValue[])[2] : undefined;
        if (typeof device === 'string' && device !== '/') into.push(device);
      }
    } else if ((key === 'data' || key === 'metadata') && typeof inner === 'object' && inner !== null && !Array.isArray(inner) && !Buffer.isBuffer(inner)) {
      collectSegments(inner as Readonly<Record<string, DbusJsValue>>, into);
    }
  }
}

function unwrapVariant(value: DbusJsValue): DbusJsValue {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && 'signature' in value && 'value' in value) {
    return (value as { value: DbusJsValue }).value;
  }
  return value;
}

function bytesToPath(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

/** An object path property that points nowhere is "/" on D-Bus. */
export function readObjectPath(properties: Properties, name: string): string | undefined {
  const value = readString(properties, name);
  return value === undefined || value === '/' ? undefined : value;
}
