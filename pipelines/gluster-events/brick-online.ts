import type { RawPropertyChange } from '../../src/serde/index.js';
import { lastPathSegment, readBoolean, readObjectPath, readString, unescapeObjectPathSegment } from '../domain/index.js';

/**
 * The exporter's Brick extension property `online` (b), merged over the N nodes that export every
 * brick: per brick object path the newest observation of name, volume, online and removal wins, and
 * a {@link BrickOnlineFact} is emitted only when the merged fact changes. `volume` arrives only in
 * snapshots (a PropertiesChanged carries just `online`/`pid`/`port`), which is why it is kept here.
 */
export interface BrickOnlineFact {
  readonly brick: string;
  readonly volume: string;
  /** null: the brick object was removed. */
  readonly online: boolean | null;
  readonly at: number;
}

interface Observed<T> {
  readonly value: T;
  readonly at: number;
}

export interface BrickOnlineEntry {
  readonly name: Observed<string> | null;
  readonly volume: Observed<string> | null;
  readonly online: Observed<boolean | null> | null;
  readonly emitted: BrickOnlineFact | null;
}

export const EMPTY_BRICK_ONLINE: BrickOnlineEntry = { name: null, volume: null, online: null, emitted: null };

/** Volume name from a volume object path (the exporter's and the module's paths use the real name). */
export function volumeNameOfPath(objectPath: string): string {
  return unescapeObjectPathSegment(lastPathSegment(objectPath));
}

export function applyBrickOnline(entry: BrickOnlineEntry, record: RawPropertyChange): { entry: BrickOnlineEntry | null; fact: BrickOnlineFact | null } {
  const at = record.observedAt;
  const newer = <T>(known: Observed<T> | null, value: T | undefined): Observed<T> | null => (value !== undefined && (known === null || at >= known.at) ? { value, at } : known);
  const volumePath = readObjectPath(record.properties, 'volume');
  const next: BrickOnlineEntry = {
    ...entry,
    name: newer(entry.name, readString(record.properties, 'name') ?? unescapeObjectPathSegment(lastPathSegment(record.objectPath))),
    volume: newer(entry.volume, volumePath === undefined ? undefined : volumeNameOfPath(volumePath)),
    online: newer(entry.online, record.kind === 'REMOVED' ? null : readBoolean(record.properties, 'online')),
  };
  if (next.name === null || next.volume === null || next.online === null) return { entry: next, fact: null };
  const fact: BrickOnlineFact = { brick: next.name.value, volume: next.volume.value, online: next.online.value, at: next.online.at };
  const changed = entry.emitted === null || entry.emitted.online !== fact.online || entry.emitted.volume !== fact.volume;
  if (fact.online === null) return { entry: null, fact: changed ? fact : null };
  return { entry: { ...next, emitted: changed ? fact : entry.emitted }, fact: changed ? fact : null };
}
