import type { BrickState, DriveState, Health } from '../../src/serde/index.js';
import type { AlertCondition } from '../domain/index.js';
import { splitBrickName } from './brick-state.js';
import type { BrickResolution } from './brick-resolution.js';
import type { BrickFact } from '../brick-registry/brick-registry.js';
import { driveLabel } from './drive-health.js';
import { NO_TREND, type DriveTrend, type DriveTrendSettings } from './drive-trend-rules.js';

/** The node-storage tunables: the temperature limit and the drive trend's windows (`PipelineSettings`). */
export type NodeStorageSettings = DriveTrendSettings;

/** `<nodeId>|<drive object path>`: a drive's key in `gluster.state.drives.v1` and its alerts' subject. */
export function driveKey(nodeId: string, drivePath: string): string {
  return `${nodeId}|${drivePath}`;
}

/**
 * DRIVE_SMART_FAILING and DRIVE_TEMPERATURE_HIGH while they hold for `drive`, and DRIVE_DEGRADING
 * while it is `degrading` (its evidence from `trend`: the rules that hold, values at the window's
 * start and end). A drive that reports its own failure is never degrading (`observeDriveTrend`).
 */
export function driveConditions(drive: DriveState, settings: NodeStorageSettings, trend: DriveTrend = NO_TREND): AlertCondition[] {
  const found: AlertCondition[] = [];
  const label = driveLabel(drive);
  if (drive.health === 'FAILING') {
    found.push({
      type: 'DRIVE_SMART_FAILING',
      subject: driveKey(drive.nodeId, drive.drivePath),
      severity: 'WARNING',
      nodeId: drive.nodeId,
      drive: label,
      message: `drive ${label} on node ${drive.nodeId} is failing: ${drive.healthReasons.join('; ')}`,
      evidence: { reasons: drive.healthReasons.join('; '), drivePath: drive.drivePath },
    });
  }
  if (drive.temperatureCelsius !== null && drive.temperatureCelsius > settings.temperatureHighCelsius) {
    found.push({
      type: 'DRIVE_TEMPERATURE_HIGH',
      subject: driveKey(drive.nodeId, drive.drivePath),
      severity: 'WARNING',
      nodeId: drive.nodeId,
      drive: label,
      message: `drive ${label} on node ${drive.nodeId} is at ${drive.temperatureCelsius} °C (threshold ${settings.temperatureHighCelsius} °C)`,
      evidence: { temperatureCelsius: String(drive.temperatureCelsius), thresholdCelsius: String(settings.temperatureHighCelsius) },
    });
  }
  if (drive.degrading) {
    found.push({
      type: 'DRIVE_DEGRADING',
      subject: driveKey(drive.nodeId, drive.drivePath),
      severity: 'WARNING',
      nodeId: drive.nodeId,
      drive: label,
      message: `drive ${label} on node ${drive.nodeId} is degrading and predicted to fail: ${drive.degradingReasons.join('; ')}`,
      evidence: { ...trend.evidence, reasons: drive.degradingReasons.join('; '), drivePath: drive.drivePath },
    });
  }
  return found;
}

/** BRICK_ON_FAILING_DRIVE while a drive beneath `brick` is FAILING. */
export function brickConditions(brick: BrickState): AlertCondition[] {
  if (brick.health !== 'FAILING') return [];
  const failing = brick.drives.filter((drive) => drive.health === 'FAILING');
  const labels = failing.map((drive) => driveLabel(drive)).join(', ');
  return [
    {
      type: 'BRICK_ON_FAILING_DRIVE',
      subject: brick.name,
      severity: 'CRITICAL',
      ...(brick.volume === null ? {} : { volume: brick.volume }),
      brick: brick.name,
      ...(brick.nodeId === null ? {} : { nodeId: brick.nodeId }),
      drive: labels,
      message: `brick ${brick.name}${brick.volume === null ? '' : ` of volume ${brick.volume}`} on node ${brick.nodeId ?? '?'} sits on failing drive ${labels}`,
      evidence: { reasons: brick.healthReasons.join('; '), blockDevices: brick.blockDevices.join(','), drivePaths: failing.map((drive) => drive.drivePath).join(',') },
    },
  ];
}

/** A brick's published state: its resolution and the current state of each drive beneath it. */
export function brickStateOf(fact: BrickFact, nodeId: string | null, resolution: BrickResolution, driveOf: (path: string) => DriveState | undefined, at: number): BrickState {
  const { host, path } = splitBrickName(fact.name);
  const underlying = resolution.drivePaths.map((drivePath) => {
    const drive = driveOf(drivePath);
    return { drivePath, model: drive?.model ?? null, serial: drive?.serial ?? null, health: drive?.health ?? ('UNKNOWN' as Health), degrading: drive?.degrading ?? false };
  });
  const failing = underlying.filter((drive) => drive.health === 'FAILING');
  const health: Health = failing.length > 0 ? 'FAILING' : underlying.length > 0 && underlying.every((drive) => drive.health === 'HEALTHY') ? 'HEALTHY' : 'UNKNOWN';
  const reasons =
    failing.length > 0
      ? failing.flatMap((drive) => {
          const state = driveOf(drive.drivePath);
          return (state?.healthReasons ?? []).map((reason) => `drive ${driveLabel(state ?? drive)}: ${reason}`);
        })
      : [...resolution.problems];
  return {
    name: fact.name,
    volume: fact.volume,
    host,
    path,
    hostUuid: fact.hostUuid,
    nodeId,
    mountPoint: resolution.mountPoint,
    blockDevices: resolution.blockDevices,
    drives: underlying,
    health,
    healthReasons: reasons,
    lastChangedAt: at,
  };
}
