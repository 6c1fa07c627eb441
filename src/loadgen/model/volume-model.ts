import type { RawPropertyChange } from '../../serde/index.js';
import type { AlertBook } from './alert-book.js';
import type { ExpectedVolume, StateBook } from './expected-topics.js';
import { lastSegment, num, objectPaths, str } from './model-properties.js';

/**
 * Volumes as the README's "one truth from many nodes" says: each fact (name, id, status, brick
 * count, bricks) is the value of the newest observation from any node; a node exports the volume
 * until it reports it REMOVED; the volume is deleted (tombstone) when no node exports it any more;
 * nodes whose own latest status differs from the merged one for at least the grace disagree.
 * Alerts: VOLUME_STOPPED while STOPPED, VOLUME_STATUS_DISAGREEMENT while nodes disagree.
 */
interface Observed<T> {
  readonly value: T;
  readonly at: number;
}
interface NodeView {
  readonly status: number | undefined;
  readonly at: number;
  readonly exports: boolean;
}
interface Volume {
  name?: Observed<string> | undefined;
  id?: Observed<string> | undefined;
  status?: Observed<number> | undefined;
  brickcount?: Observed<number> | undefined;
  bricks?: Observed<string[]> | undefined;
  readonly nodes: Map<string, NodeView>;
  /** Per node: since when (event time) its status differs from the merged one. */
  readonly differingSince: Map<string, number>;
  key?: string;
}

const STATUS = ['CREATED', 'STARTED', 'STOPPED'] as const;

export class VolumeModel {
  private readonly volumes = new Map<string, Volume>();

  constructor(
    private readonly book: StateBook<ExpectedVolume>,
    private readonly alerts: AlertBook,
    private readonly graceMs: number,
  ) {}

  apply(record: RawPropertyChange, now: number): void {
    const volume: Volume = this.volumes.get(record.objectPath) ?? { nodes: new Map(), differingSince: new Map() };
    this.volumes.set(record.objectPath, volume);
    const at = record.observedAt;
    const previous = volume.nodes.get(record.nodeId);
    const newest = previous === undefined || at >= previous.at;
    if (record.kind === 'REMOVED') {
      if (newest) volume.nodes.set(record.nodeId, { status: previous?.status, at, exports: false });
    } else {
      const props = record.properties;
      const newer = <T>(known: Observed<T> | undefined, value: T | undefined): Observed<T> | undefined => (value !== undefined && (known === undefined || at >= known.at) ? { value, at } : known);
      volume.name = newer(volume.name, str(props, 'name'));
      volume.id = newer(volume.id, str(props, 'id'));
      volume.status = newer(volume.status, num(props, 'status'));
      volume.brickcount = newer(volume.brickcount, num(props, 'brickcount'));
      volume.bricks = newer(volume.bricks, objectPaths(props, 'bricks'));
      if (newest) volume.nodes.set(record.nodeId, { status: num(props, 'status') ?? previous?.status, at, exports: true });
    }
    this.settle(record.objectPath, volume, now);
  }

  /** Time passed without records (the runtime's punctuation): disagreement may now show. */
  tick(now: number): void {
    for (const [path, volume] of this.volumes) if (volume.differingSince.size > 0) this.settle(path, volume, now);
  }

  private settle(path: string, volume: Volume, now: number): void {
    const exporting = [...volume.nodes].filter(([, view]) => view.exports).map(([nodeId]) => nodeId);
    if (exporting.length === 0) {
      this.volumes.delete(path);
      if (volume.key !== undefined) this.forget(volume.key);
      return;
    }
    const merged = volume.status?.value;
    for (const nodeId of exporting) {
      const own = volume.nodes.get(nodeId)?.status;
      if (merged === undefined || own === undefined || own === merged) volume.differingSince.delete(nodeId);
      else if (!volume.differingSince.has(nodeId)) volume.differingSince.set(nodeId, Math.max(volume.nodes.get(nodeId)?.at ?? now, volume.status?.at ?? now));
    }
    for (const nodeId of volume.differingSince.keys()) if (!exporting.includes(nodeId)) volume.differingSince.delete(nodeId);
    const disagreeing = [...volume.differingSince].filter(([, since]) => now - since >= this.graceMs).map(([nodeId]) => nodeId).sort();

    const name = volume.name?.value ?? lastSegment(path);
    const state: ExpectedVolume = {
      name,
      id: volume.id?.value ?? null,
      status: merged === undefined ? 'UNKNOWN' : (STATUS[merged] ?? 'UNKNOWN'),
      brickCount: volume.brickcount?.value ?? 0,
      bricks: (volume.bricks?.value ?? []).map(lastSegment),
      reportingNodes: exporting.sort(),
      disagreeingNodes: disagreeing,
      nodesAgree: disagreeing.length === 0,
    };
    if (volume.key !== undefined && volume.key !== name) this.forget(volume.key);
    volume.key = name;
    this.book.put(name, state);
    this.alerts.set(`VOLUME_STOPPED|${name}`, state.status === 'STOPPED');
    this.alerts.set(`VOLUME_STATUS_DISAGREEMENT|${name}`, !state.nodesAgree);
  }

  private forget(key: string): void {
    this.book.delete(key);
    this.alerts.set(`VOLUME_STOPPED|${key}`, false);
    this.alerts.set(`VOLUME_STATUS_DISAGREEMENT|${key}`, false);
  }
}
