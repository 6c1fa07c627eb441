import type { RawPropertyChange, VolumeState } from '../../src/serde/index.js';
import type { EntityLogic, EntityParts, EntityStep } from '../shared/entity-processor.js';
import { entityStore, stateForwards, type StateOutputs } from '../shared/state-outputs.js';
import { applyVolumeRecord, emptyVolumeAggregate, tickVolume, type NodeReport, type VolumeAggregate, type VolumeSettings, type VolumeStep } from './volume-aggregate.js';

/**
 * Keyed by volume object path, in tasks of the volume-name partitioning of `volume-reports` (the
 * store was `volume-aggregates` while that topic was partitioned by path: a new name, so that no
 * instance reads an aggregate from the task that no longer owns its volume).
 */
export const VOLUME_STORE = entityStore<VolumeAggregate>('volume-aggregates-by-name');

/** Each node's latest report of a volume, under `<object path>\u0000<node id>`. */
export const VOLUME_REPORTS_STORE = entityStore<NodeReport>('volume-node-reports');

/** How often the disagreement grace is re-evaluated, in stream time. */
const TICK_MS = 1_000;

const reportKey = (objectPath: string, nodeId: string): string => `${objectPath}\u0000${nodeId}`;

/** Raw Volume records keyed by volume name (one aggregate per object path, the same on every node) → volume state and volume alerts. */
export function volumeLogic(settings: VolumeSettings): EntityLogic<RawPropertyChange, VolumeAggregate, StateOutputs<VolumeState>, NodeReport> {
  const step = (objectPath: string, volume: VolumeStep, upgrade: ReadonlyMap<string, NodeReport>): EntityStep<VolumeAggregate, StateOutputs<VolumeState>, NodeReport> => {
    const parts = new Map<string, NodeReport | null>();
    for (const [nodeId, report] of upgrade) parts.set(reportKey(objectPath, nodeId), report);
    for (const [nodeId, report] of volume.reports) parts.set(reportKey(objectPath, nodeId), report);
    return { state: volume.aggregate, forward: stateForwards(volume.stateRecords, volume.alerts), parts };
  };
  return {
    name: 'volume-state',
    store: VOLUME_STORE.name,
    partsStore: VOLUME_REPORTS_STORE.name,
    keyOf: (record) => record.value.objectPath,
    apply: (state, record, streamTime, parts) => {
      const path = record.value.objectPath;
      const { aggregate, reports } = upgradedAggregate(state ?? emptyVolumeAggregate(path));
      const nodeReports = { get: (nodeId: string) => reports.get(nodeId) ?? readReport(parts, path, nodeId) };
      return step(path, applyVolumeRecord(aggregate, record.value, streamTime, settings, nodeReports), reports);
    },
    tick: {
      intervalMs: TICK_MS,
      run: (state, key, time) => {
        const { aggregate, reports } = upgradedAggregate(state);
        return step(key, tickVolume(aggregate, time, settings), reports);
      },
    },
  };
}

function readReport(parts: EntityParts<NodeReport>, objectPath: string, nodeId: string): NodeReport | undefined {
  return parts.get(reportKey(objectPath, nodeId));
}

/** An aggregate as written before each node's report had its own entry: every report inside, as `nodes`. */
interface LegacyVolumeAggregate extends Omit<VolumeAggregate, 'absentNodes'> {
  readonly nodes: Readonly<Record<string, NodeReport>>;
}

/**
 * Reads an aggregate restored from a changelog written by an older version (node reports inside
 * the aggregate) as the current layout, and the reports to move to their own entries; the next
 * write of the aggregate drops the old field. Current aggregates pass through unchanged.
 */
function upgradedAggregate(state: VolumeAggregate | LegacyVolumeAggregate): { aggregate: VolumeAggregate; reports: ReadonlyMap<string, NodeReport> } {
  if (!('nodes' in state)) return { aggregate: state, reports: new Map() };
  const { nodes, ...rest } = state;
  const absentNodes = Object.entries(nodes).filter(([, report]) => !report.present).map(([nodeId]) => nodeId).sort();
  return { aggregate: { ...rest, absentNodes }, reports: new Map(Object.entries(nodes)) };
}
