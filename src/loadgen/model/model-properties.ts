import type { RawPropertyChange, TypedDbusValue } from '../../serde/index.js';

/**
 * Reading raw records for the reference model, written from the raw schema's documentation, not
 * shared with the pipelines (the model exists to check them): a property of an unexpected type reads
 * as absent.
 */
export type Props = Readonly<Record<string, TypedDbusValue>>;

export const str = (props: Props, name: string): string | undefined => {
  const value = props[name]?.value;
  return typeof value === 'string' ? value : undefined;
};

export const num = (props: Props, name: string): number | undefined => {
  const value = props[name]?.value;
  return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : undefined;
};

export const bool = (props: Props, name: string): boolean | undefined => {
  const value = props[name]?.value;
  return typeof value === 'boolean' ? value : undefined;
};

/** An `o` property; D-Bus says "no object" with `/`. */
export const objectPath = (props: Props, name: string): string | undefined => {
  const value = str(props, name);
  return value === '/' ? undefined : value;
};

export const objectPaths = (props: Props, name: string): string[] | undefined => {
  const value = props[name]?.value;
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
};

/** udisks' NUL-terminated `ay` file names. */
const cString = (bytes: Buffer): string => {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
};

export const bytePath = (props: Props, name: string): string | undefined => {
  const value = props[name]?.value;
  return Buffer.isBuffer(value) ? cString(value) : undefined;
};

export const bytePaths = (props: Props, name: string): string[] | undefined => {
  const value = props[name]?.value;
  if (!Array.isArray(value) || !value.every((item) => Buffer.isBuffer(item))) return undefined;
  return (value as Buffer[]).map(cString);
};

/** `_2d` → `-`: storaged's object path escaping, undone byte by byte. */
export function unescapeSegment(segment: string): string {
  const bytes = Buffer.from(segment.replace(/_([0-9a-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1');
  return bytes.toString('utf8');
}

export const lastSegment = (path: string): string => unescapeSegment(path.slice(path.lastIndexOf('/') + 1));

/** The interface name without its generation prefix (`org.freedesktop.UDisks2.Drive.Ata` → `Drive.Ata`). */
export function roleOf(record: Pick<RawPropertyChange, 'interface'>): string | undefined {
  const name = record.interface;
  if (name === null) return undefined;
  for (const prefix of ['org.storaged.Storaged.', 'org.freedesktop.UDisks2.']) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return undefined;
}
