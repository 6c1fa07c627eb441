/**
 * The TypeScript shapes of the derived topics' values: one type per `schemas/*-value.avsc` file, and
 * one per enum or nested record in it, under the Avro name. The `.avsc` files are the source of
 * truth; `test/unit/serde/published-values.test.ts` fails when a field, its nullability or an enum
 * symbol is in one and not the other.
 *
 * They are decoded with this project's Avro options (`avroTypeFor`): a nullable field is
 * `T | null` (unions unwrapped), a `timestamp-millis` is epoch milliseconds as a number.
 *
 * @example
 * const stopped: VolumeState['status'] = 'STOPPED';
 */

/** `io.gluster.eventing.state.v1.VolumeStatus`: 0 Created, 1 Started, 2 Stopped; anything else is UNKNOWN. */
export type VolumeStatus = 'CREATED' | 'STARTED' | 'STOPPED' | 'UNKNOWN';

/** Value of `gluster.state.volumes.v1`: `schemas/volume-state-value.avsc`. */
export interface VolumeState {
  readonly name: string;
  readonly id: string | null;
  readonly status: VolumeStatus;
  readonly brickCount: number;
  readonly bricks: readonly string[];
  readonly reportingNodes: readonly string[];
  readonly disagreeingNodes: readonly string[];
  readonly nodesAgree: boolean;
  readonly disagreeingSince: number | null;
  readonly nameIdSwapped: boolean;
  readonly layout: VolumeLayout | null;
  readonly risk: VolumeRisk | null;
  readonly lastChangedAt: number;
}

/** `io.gluster.eventing.state.v1.VolumeLayout`: the redundancy layout from `volume info --xml`. */
export interface VolumeLayout {
  readonly type: string;
  readonly replicaCount: number;
  readonly arbiterCount: number;
  readonly disperseCount: number;
  readonly redundancyCount: number;
}

/** `io.gluster.eventing.state.v1.RiskLevel`, from best to worst. */
export type RiskLevel = 'HEALTHY' | 'DEGRADED' | 'AT_RISK' | 'UNAVAILABLE';

/** `io.gluster.eventing.state.v1.SetKind`. */
export type SetKind = 'REPLICA' | 'DISPERSE' | 'DISTRIBUTE';

/** `io.gluster.eventing.state.v1.BrickRole`. */
export type BrickRole = 'DATA' | 'ARBITER';

/** `io.gluster.eventing.state.v1.BrickCondition`. */
export type BrickCondition = 'UP' | 'THREATENED' | 'DOWN';

/** `io.gluster.eventing.state.v1.SetBrick`. */
export interface SetBrick {
  readonly name: string;
  readonly role: BrickRole;
  readonly condition: BrickCondition;
  readonly nodeId: string | null;
  readonly reasons: readonly string[];
}

/** `io.gluster.eventing.state.v1.RedundancySet`. */
export interface RedundancySet {
  readonly index: number;
  readonly kind: SetKind;
  readonly level: RiskLevel;
  readonly tolerates: number;
  readonly designedTolerance: number;
  readonly bricks: readonly SetBrick[];
}

/** `io.gluster.eventing.state.v1.VolumeRisk`. */
export interface VolumeRisk {
  readonly level: RiskLevel;
  readonly tolerates: number;
  readonly designedTolerance: number;
  readonly sets: readonly RedundancySet[];
}

/** `io.gluster.eventing.state.v1.Health` of a drive or a brick; UNKNOWN without SMART data. */
export type Health = 'HEALTHY' | 'FAILING' | 'UNKNOWN';

/** `io.gluster.eventing.state.v1.BrickDrive`: one drive under a brick. */
export interface BrickDrive {
  readonly drivePath: string;
  readonly model: string | null;
  readonly serial: string | null;
  readonly health: Health;
  /** That drive is predicted to fail (`DriveState.degrading`). */
  readonly degrading: boolean;
}

/** Value of `gluster.state.bricks.v1`: `schemas/brick-state-value.avsc`. */
export interface BrickState {
  readonly name: string;
  readonly volume: string | null;
  readonly host: string;
  readonly path: string;
  readonly hostUuid: string;
  readonly nodeId: string | null;
  readonly mountPoint: string | null;
  readonly blockDevices: readonly string[];
  readonly drives: readonly BrickDrive[];
  readonly health: Health;
  readonly healthReasons: readonly string[];
  readonly lastChangedAt: number;
}

/** Value of `gluster.state.drives.v1`: `schemas/drive-state-value.avsc`. */
export interface DriveState {
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
  readonly attributesFailedInThePast: number | null;
  readonly selftestStatus: string | null;
  readonly nvmeCriticalWarnings: readonly string[];
  readonly smartUpdatedAt: number | null;
  readonly health: Health;
  readonly healthReasons: readonly string[];
  readonly lastChangedAt: number;
  /** Predicted to fail: its SMART trend got worse within the window, before the drive reports failure itself (docs/drive-prediction.md). */
  readonly degrading: boolean;
  /** One reason per trend rule that holds, with the values at the window's start and end. */
  readonly degradingReasons: readonly string[];
}

/** `io.gluster.eventing.state.v1.NodeLiveness`: SILENT after the silence timeout without a heartbeat. */
export type NodeLiveness = 'LIVE' | 'SILENT';

/** Value of `gluster.state.nodes.v1`: `schemas/node-state-value.avsc`. */
export interface NodeState {
  readonly nodeId: string;
  readonly glusterUuid: string | null;
  readonly glusterdLoadState: string | null;
  readonly glusterdActiveState: string | null;
  readonly producerSessionId: string;
  readonly lastHeartbeatAt: number | null;
  readonly liveness: NodeLiveness;
  readonly lastChangedAt: number;
}

/** `io.gluster.eventing.alerts.v1.AlertType`: symbols are only ever appended (BACKWARD compatible). */
export type AlertType =
  | 'BRICK_ON_FAILING_DRIVE'
  | 'DRIVE_SMART_FAILING'
  | 'DRIVE_TEMPERATURE_HIGH'
  | 'VOLUME_STOPPED'
  | 'GLUSTERD_DOWN'
  | 'NODE_SILENT'
  | 'VOLUME_STATUS_DISAGREEMENT'
  | 'BRICK_DOWN'
  | 'PEER_DISCONNECTED'
  | 'QUORUM_LOST'
  | 'SPLIT_BRAIN'
  | 'BRICK_HEALTH_CHECK_FAILED'
  | 'EC_MIN_BRICKS_NOT_UP'
  | 'QUOTA_SOFT_LIMIT_CROSSED'
  | 'DRIVE_DEGRADING'
  | 'VOLUME_DEGRADED'
  | 'VOLUME_AT_RISK'
  | 'VOLUME_UNAVAILABLE';

/** `io.gluster.eventing.alerts.v1.AlertState`: RAISED when a condition starts, RESOLVED when it clears. */
export type AlertState = 'RAISED' | 'RESOLVED';

/** `io.gluster.eventing.alerts.v1.Severity`. */
export type Severity = 'CRITICAL' | 'WARNING' | 'INFO';

/** Value of `gluster.alerts.v1`: `schemas/alert-value.avsc`. */
export interface Alert {
  readonly alertId: string;
  readonly type: AlertType;
  readonly state: AlertState;
  readonly severity: Severity;
  readonly volume: string | null;
  readonly brick: string | null;
  readonly nodeId: string | null;
  readonly drive: string | null;
  readonly message: string;
  readonly evidence: Readonly<Record<string, string>>;
  readonly raisedAt: number;
  readonly resolvedAt: number | null;
}
