import type { RawPropertyChange } from '../../src/serde/index.js';
import { lastPathSegment, readObjectPath, readString, unescapeObjectPathSegment } from '../domain/index.js';
import { sameValue } from '../../src/streams/index.js';

/**
 * Every node exports every brick of the cluster, so brick objects are reported N times. This keeps
 * one fact per brick object path (newest observation wins; the brick is gone when every node that
 * reported it removed it) and emits a {@link BrickFact} only when the fact changes. The facts are then
 * re-keyed by the hosting node's Gluster UUID, which the REMOVED records themselves do not carry.
 */
export interface BrickFact {
  readonly brickPath: string;
  readonly name: string;
  readonly hostUuid: string;
  readonly volume: string | null;
  /** False: the brick was removed from the cluster. */
  readonly present: boolean;
}

export interface BrickRegistryEntry {
  readonly brickPath: string;
  readonly name: { readonly value: string; readonly at: number } | null;
  readonly hostUuid: { readonly value: string; readonly at: number } | null;
  readonly volumePath: { readonly value: string; readonly at: number } | null;
  readonly nodes: Readonly<Record<string, { readonly present: boolean; readonly at: number }>>;
  readonly emitted: BrickFact | null;
}

export function emptyBrickEntry(brickPath: string): BrickRegistryEntry {
  return { brickPath, name: null, hostUuid: null, volumePath: null, nodes: {}, emitted: null };
}

/** Returns the new entry (null = forget it) and the facts to emit, each keyed by its host UUID. */
export function applyBrickRecord(entry: BrickRegistryEntry, record: RawPropertyChange): { entry: BrickRegistryEntry | null; facts: BrickFact[] } {
  const at = record.observedAt;
  const newer = <T>(known: { value: T; at: number } | null, value: T | undefined) => (value !== undefined && (known === null || at >= known.at) ? { value, at } : known);
  const previousNode = entry.nodes[record.nodeId];
  const nodes = previousNode !== undefined && previousNode.at > at ? entry.nodes : { ...entry.nodes, [record.nodeId]: { present: record.kind !== 'REMOVED', at } };
  const next: BrickRegistryEntry =
    record.kind === 'REMOVED'
      ? { ...entry, nodes }
      : {
          ...entry,
          nodes,
          name: newer(entry.name, readString(record.properties, 'name')),
          hostUuid: newer(entry.hostUuid, readString(record.properties, 'hostUuid')),
          volumePath: newer(entry.volumePath, readObjectPath(record.properties, 'volume')),
        };

  const present = Object.values(next.nodes).some((node) => node.present);
  if (next.hostUuid === null) return { entry: present ? next : null, facts: [] };
  const fact: BrickFact = {
    brickPath: next.brickPath,
    name: next.name?.value ?? unescapeObjectPathSegment(lastPathSegment(next.brickPath)),
    hostUuid: next.hostUuid.value,
    volume: next.volumePath === null ? null : unescapeObjectPathSegment(lastPathSegment(next.volumePath.value)),
    present,
  };
  const facts: BrickFact[] = [];
  if (entry.emitted !== null && entry.emitted.hostUuid !== fact.hostUuid) facts.push({ ...entry.emitted, present: false });
  if (entry.emitted === null || !sameValue(entry.emitted, fact)) facts.push(fact);
  return { entry: present ? { ...next, emitted: fact } : null, facts };
}
