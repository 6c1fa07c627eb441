import { DISK_INTERFACE_SUFFIXES } from '../dbus/index.js';

/**
 * Which D-Bus services the producer watches, and which of their interfaces it records. This is
 * configuration (`--watch` / settings); the defaults are the storaged glusterfs module and the disk
 * interfaces under both naming generations (storaged 2015 = udisks2 today).
 */
export interface WatchedService {
  /** Well-known bus name, e.g. org.storaged.Storaged. */
  readonly busName: string;
  /** Path of its org.freedesktop.DBus.ObjectManager, e.g. /org/storaged/Storaged. */
  readonly objectManagerPath: string;
  /** Interface names to record; a trailing `*` matches any rest (`org.freedesktop.UDisks2.*`). */
  readonly interfaces: readonly string[];
}

// The one list of disk-stack interfaces (both generations share the suffixes); it includes
// Encrypted (LUKS), which a separate copy here had missed.
const DISK_INTERFACES = Object.values(DISK_INTERFACE_SUFFIXES);

const GLUSTER_INTERFACES = ['GlusterFS.Volume', 'GlusterFS.Glusterd', 'GlusterFS.Brick', 'Manager.GlusterFS'] as const;

export const DEFAULT_WATCHED_SERVICES: readonly WatchedService[] = [
  {
    busName: 'org.storaged.Storaged',
    objectManagerPath: '/org/storaged/Storaged',
    interfaces: [...GLUSTER_INTERFACES, ...DISK_INTERFACES].map((name) => `org.storaged.Storaged.${name}`),
  },
  {
    busName: 'org.freedesktop.UDisks2',
    objectManagerPath: '/org/freedesktop/UDisks2',
    interfaces: DISK_INTERFACES.map((name) => `org.freedesktop.UDisks2.${name}`),
  },
];

/** A predicate for one service's interface patterns. */
export function interfaceMatcher(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith('*')));
  const prefixes = patterns.filter((pattern) => pattern.endsWith('*')).map((pattern) => pattern.slice(0, -1));
  return (name) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
}

/** True when `path` is `namespace` or below it (D-Bus `path_namespace` semantics). */
export function inNamespace(path: string, namespace: string): boolean {
  return namespace === '/' || path === namespace || path.startsWith(`${namespace}/`);
}
