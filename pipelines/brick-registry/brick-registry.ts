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

/**
 * What the registry keeps of one brick: its cluster-level facts (the newest observation of each
 * wins) and how many nodes report it present. Each node's own report is kept apart (a
 * {@link NodeReport} under its own key), so an entry stays the same size however many nodes the
 * cluster has, and one node's report rewrites only its own.
 */
export interface BrickRegistryEntry {
  readonly brickPath: string;
  readonly name: Observed<string> | null;
  readonly hostUuid: Observed<string> | null;
  readonly volumePath: Observed<string> | null;
  /** The nodes whose latest report has the brick (each has a {@link NodeReport}). */
  readonly presentNodes: number;
  readonly emitted: BrickFact | null;
}

interface Observed<T> {
  readonly value: T;
  readonly at: number;
}

/** One node's latest report of a brick that it has: kept only while it has it. */
export interface NodeReport {
  readonly at: number;
}

export function emptyBrickEntry(brickPath: string): BrickRegistryEntry {
  return { brickPath, name: null, hostUuid: null, volumePath: null, presentNodes: 0, emitted: null };
}

/** One record's effect: the new entry (null = forget the brick), the reporting node's report (undefined = it has not got the brick), the facts to emit. */
export interface BrickRegistryStep {
  readonly entry: BrickRegistryEntry | null;
  readonly report: NodeReport | undefined;
  readonly facts: BrickFact[];
}

/**
 * Folds one node's record of a brick into the entry, given that node's previous report. A record
 * older than the node's last report leaves its report as it was (facts still merge by time).
 */
export function applyBrickRecord(entry: BrickRegistryEntry, report: NodeReport | undefined, record: RawPropertyChange): BrickRegistryStep {
  const at = record.observedAt;
  const newer = <T>(known: Observed<T> | null, value: T | undefined): Observed<T> | null => (value !== undefined && (known === null || at >= known.at) ? { value, at } : known);
  const stale = report !== undefined && report.at > at;
  const nextReport: NodeReport | undefined = stale ? report : record.kind === 'REMOVED' ? undefined : { at };
  const presentNodes = entry.presentNodes - (report === undefined ? 0 : 1) + (nextReport === undefined ? 0 : 1);
  const next: BrickRegistryEntry =
    record.kind === 'REMOVED'
      ? { ...entry, presentNodes }
      : {
          ...entry,
          presentNodes,
          name: newer(entry.name, readString(record.properties, 'name')),
          hostUuid: newer(entry.hostUuid, readString(record.properties, 'hostUuid')),
          volumePath: newer(entry.volumePath, readObjectPath(record.properties, 'volume')),
        };

  const present = presentNodes > 0;
  if (next.hostUuid === null) return { entry: present ? next : null, report: nextReport, facts: [] };
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
  return { entry: present ? { ...next, emitted: fact } : null, report: nextReport, facts };
}
