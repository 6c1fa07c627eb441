import { sameValue, type PropertyValues } from '../../dbus/index.js';
import type { ObjectInterfaces, ObjectSnapshot } from './object-snapshot.js';

/** What turns one snapshot into the next, as D-Bus signals see it. */
export interface SnapshotDiff {
  /** New objects (InterfacesAdded), in the new snapshot's order (referenced objects first). */
  readonly added: readonly { readonly path: string; readonly interfaces: ObjectInterfaces }[];
  /** Vanished objects (InterfacesRemoved), in reverse of the old order (referencing objects first). */
  readonly removed: readonly { readonly path: string; readonly interfaces: readonly string[] }[];
  /** Only the properties whose value differs (one PropertiesChanged each). */
  readonly changed: readonly { readonly path: string; readonly iface: string; readonly properties: PropertyValues }[];
}

/**
 * Compares two snapshots structurally (arrays, bigint, nested values). An object whose set of
 * interfaces differs is removed and re-added, because ObjectTree exports whole objects.
 * `diffSnapshots(s, s)` is empty, so an unchanged poll emits nothing.
 */
export function diffSnapshots(previous: ObjectSnapshot, next: ObjectSnapshot): SnapshotDiff {
  const added: SnapshotDiff['added'][number][] = [];
  const removed: SnapshotDiff['removed'][number][] = [];
  const changed: SnapshotDiff['changed'][number][] = [];
  for (const [path, interfaces] of [...previous].reverse()) {
    const now = next.get(path);
    if (now === undefined || !sameKeys(interfaces, now)) removed.push({ path, interfaces: Object.keys(interfaces) });
  }
  for (const [path, interfaces] of next) {
    const before = previous.get(path);
    if (before === undefined || !sameKeys(before, interfaces)) {
      added.push({ path, interfaces });
      continue;
    }
    for (const [iface, values] of Object.entries(interfaces)) {
      const old = before[iface] ?? {};
      const properties: Record<string, unknown> = {};
      for (const [property, value] of Object.entries(values)) {
        if (!sameValue(old[property], value)) properties[property] = value;
      }
      if (Object.keys(properties).length > 0) changed.push({ path, iface, properties });
    }
  }
  return { added, removed, changed };
}

function sameKeys(a: object, b: object): boolean {
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  return keysA.length === keysB.length && keysA.every((key, index) => key === keysB[index]);
}
