/**
 * What the reference model expects a downstream consumer to read from the derived topics, limited
 * to the fields the README documents precisely. Left out on purpose: `lastChangedAt` and
 * `lastHeartbeatAt` (they depend on the order in which the N nodes' reports meet), the wording of
 * `healthReasons`, alert messages and evidence, and `disagreeingSince`.
 */
import type { AlertState, AlertType, BrickDrive, BrickState, DriveState, NodeState, VolumeState } from '../../serde/index.js';

export type { AlertState, Health } from '../../serde/index.js';

export type ExpectedVolume = Pick<VolumeState, 'name' | 'id' | 'status' | 'brickCount' | 'bricks' | 'reportingNodes' | 'disagreeingNodes' | 'nodesAgree'>;

/** A brick's drives without `degrading`: see {@link MODEL_UNDECIDED_ALERT_TYPES}. */
export type ExpectedBrick = Pick<BrickState, 'name' | 'volume' | 'host' | 'path' | 'hostUuid' | 'nodeId' | 'mountPoint' | 'blockDevices' | 'health'> & {
  readonly drives: readonly Omit<BrickDrive, 'degrading'>[];
};

/**
 * Alert types the model does not decide, and the fields that go with them (a drive's `degrading`,
 * a volume's `layout` and `risk`): the drive trend keeps windows over each drive's SMART history
 * and the volume risk needs the volumes' layouts and every brick's `online`, neither of which the
 * model implements. Their rules have their own tests (drive-trends, volume-risk and its property
 * test, the real-cluster test); the fault suites still compare them between a clean run and a
 * faulted run of the same input.
 */
export const MODEL_UNDECIDED_ALERT_TYPES: ReadonlySet<AlertType> = new Set<AlertType>(['DRIVE_DEGRADING', 'VOLUME_DEGRADED', 'VOLUME_AT_RISK', 'VOLUME_UNAVAILABLE']);

export type ExpectedDrive = Pick<
  DriveState,
  'nodeId' | 'drivePath' | 'model' | 'serial' | 'wwn' | 'smartFailing' | 'temperatureKelvin' | 'temperatureCelsius' | 'badSectors' | 'attributesFailing' | 'smartUpdatedAt' | 'health'
>;

export type ExpectedNode = Pick<NodeState, 'nodeId' | 'glusterUuid' | 'glusterdLoadState' | 'glusterdActiveState' | 'producerSessionId' | 'liveness'>;

export type StateRole = 'volumes' | 'bricks' | 'drives' | 'nodes';
export const STATE_ROLES: readonly StateRole[] = ['volumes', 'bricks', 'drives', 'nodes'];

export interface ExpectedValues {
  readonly volumes: ExpectedVolume;
  readonly bricks: ExpectedBrick;
  readonly drives: ExpectedDrive;
  readonly nodes: ExpectedNode;
}

/**
 * The expected contents of the derived topics after the input: per state topic the latest value of
 * every live key and the keys whose last record is a tombstone; per alert id the sequence of states
 * written (RAISED, RESOLVED, RAISED, …), in the order the model met the input.
 */
export interface ExpectedTopics {
  readonly state: { readonly [R in StateRole]: ReadonlyMap<string, ExpectedValues[R]> };
  readonly tombstones: { readonly [R in StateRole]: ReadonlySet<string> };
  readonly alerts: ReadonlyMap<string, readonly AlertState[]>;
}

/** Alert ids whose last record is RAISED. */
export function openAlerts(expected: Pick<ExpectedTopics, 'alerts'>): Set<string> {
  return new Set([...expected.alerts].filter(([, history]) => history.at(-1) === 'RAISED').map(([id]) => id));
}

/** Latest value per key and the deleted keys of one state topic, as the model decides them. */
export class StateBook<V> {
  readonly latest = new Map<string, V>();
  readonly tombstones = new Set<string>();

  put(key: string, value: V): void {
    this.latest.set(key, value);
    this.tombstones.delete(key);
  }

  delete(key: string): void {
    if (this.latest.delete(key)) this.tombstones.add(key);
  }
}
