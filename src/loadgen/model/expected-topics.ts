/**
 * What the reference model expects a downstream consumer to read from the derived topics, limited
 * to the fields the README documents precisely. Left out on purpose: `lastChangedAt` and
 * `lastHeartbeatAt` (they depend on the order in which the N nodes' reports meet), the wording of
 * `healthReasons`, alert messages and evidence, and `disagreeingSince`.
 */
export type Health = 'HEALTHY' | 'FAILING' | 'UNKNOWN';
export type AlertState = 'RAISED' | 'RESOLVED';

export interface ExpectedVolume {
  readonly name: string;
  readonly id: string | null;
  readonly status: 'CREATED' | 'STARTED' | 'STOPPED' | 'UNKNOWN';
  readonly brickCount: number;
  readonly bricks: readonly string[];
  readonly reportingNodes: readonly string[];
  readonly disagreeingNodes: readonly string[];
  readonly nodesAgree: boolean;
}

export interface ExpectedBrick {
  readonly name: string;
  readonly volume: string | null;
  readonly host: string;
  readonly path: string;
  readonly hostUuid: string;
  readonly nodeId: string | null;
  readonly mountPoint: string | null;
  readonly blockDevices: readonly string[];
  readonly drives: readonly { readonly drivePath: string; readonly model: string | null; readonly serial: string | null; readonly health: Health }[];
  readonly health: Health;
}

export interface ExpectedDrive {
  readonly nodeId: string;
  readonly drivePath: string;
  readonly model: string | null;
  readonly serial: string | null;
  readonly wwn: string | null;
  readonly smartFailing: boolean | null;
  readonly temperatureKelvin: number | null;
  readonly temperatureCelsius: number | null;
  readonly badSectors: number | null;
  readonly attributesFailing: number | null;
  readonly smartUpdatedAt: number | null;
  readonly health: Health;
}

export interface ExpectedNode {
  readonly nodeId: string;
  readonly glusterUuid: string | null;
  readonly glusterdLoadState: string | null;
  readonly glusterdActiveState: string | null;
  readonly producerSessionId: string;
  readonly liveness: 'LIVE' | 'SILENT';
}

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
