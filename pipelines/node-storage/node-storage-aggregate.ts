import type { RawPropertyChange } from '../../src/serde/index.js';
import { reconcileAlerts, type Alert, type AlertCondition } from '../domain/index.js';
import type { BrickFact } from '../brick-registry/brick-registry.js';
import { resolveBrick } from './brick-resolution.js';
import { splitBrickName, type BrickState } from './brick-state.js';
import { applyDiskRecord, type DiskObject } from './disk-objects.js';
import { driveLabel, driveStateOf, type DriveState, type Health } from './drive-health.js';

/**
 * Everything one node's storage task knows, keyed by the node's Gluster UUID (or `node:<id>` for a
 * node without Gluster): its disk objects, the bricks the cluster places on it, and what was last
 * emitted (so that only real changes are written). Both sides of the brick ↔ drive join live here,
 * so it is updated whichever side changes first.
 */
export interface NodeStorageAggregate {
  readonly nodeId: string | null;
  readonly objects: Readonly<Record<string, DiskObject>>;
  readonly bricks: Readonly<Record<string, BrickFact>>;
  readonly emittedDrives: Readonly<Record<string, DriveState>>;
  readonly emittedBricks: Readonly<Record<string, BrickState>>;
  readonly openAlerts: Readonly<Record<string, Alert>>;
}

export type NodeStorageInput =
  | { readonly type: 'disk'; readonly record: RawPropertyChange }
  | { readonly type: 'brick'; readonly fact: BrickFact; readonly at: number };

export interface NodeStorageSettings {
  readonly temperatureHighCelsius: number;
}

export interface NodeStorageStep {
  readonly aggregate: NodeStorageAggregate;
  readonly drives: readonly { readonly key: string; readonly value: DriveState | null }[];
  readonly bricks: readonly { readonly key: string; readonly value: BrickState | null }[];
  readonly alerts: readonly Alert[];
}

export const emptyNodeStorage: NodeStorageAggregate = { nodeId: null, objects: {}, bricks: {}, emittedDrives: {}, emittedBricks: {}, openAlerts: {} };

export function driveKey(nodeId: string, drivePath: string): string {
  return `${nodeId}|${drivePath}`;
}

export function applyNodeStorageInput(aggregate: NodeStorageAggregate, input: NodeStorageInput, settings: NodeStorageSettings): NodeStorageStep {
  let next = aggregate;
  let at: number;
  if (input.type === 'disk') {
    at = input.record.observedAt;
    const { [input.record.objectPath]: previous, ...others } = aggregate.objects;
    const updated = applyDiskRecord(previous, input.record);
    next = { ...aggregate, nodeId: input.record.nodeId, objects: updated === undefined ? others : { ...others, [input.record.objectPath]: updated } };
  } else {
    at = input.at;
    const { [input.fact.name]: _previous, ...others } = aggregate.bricks;
    next = { ...aggregate, bricks: input.fact.present ? { ...others, [input.fact.name]: input.fact } : others };
  }
  return settle(next, at, settings);
}

function settle(aggregate: NodeStorageAggregate, at: number, settings: NodeStorageSettings): NodeStorageStep {
  const nodeId = aggregate.nodeId;
  const objects = new Map(Object.entries(aggregate.objects));

  const currentDrives: Record<string, DriveState> = {};
  if (nodeId !== null) {
    for (const [path, object] of objects) {
      if (object.Drive !== undefined || object['Drive.Ata'] !== undefined || object['NVMe.Controller'] !== undefined) {
        currentDrives[path] = driveStateOf(nodeId, path, object, at);
      }
    }
  }
  const currentBricks: Record<string, BrickState> = {};
  for (const fact of Object.values(aggregate.bricks)) currentBricks[fact.name] = brickStateOf(fact, nodeId, objects, currentDrives, at);

  const drives = diff(aggregate.emittedDrives, currentDrives, (path) => driveKey(nodeId ?? '', path));
  const bricks = diff(aggregate.emittedBricks, currentBricks, (name) => name);
  const alerts = reconcileAlerts(aggregate.openAlerts, conditions(drives.kept, bricks.kept, settings), at);
  return {
    aggregate: { ...aggregate, emittedDrives: drives.kept, emittedBricks: bricks.kept, openAlerts: alerts.open },
    drives: drives.records,
    bricks: bricks.records,
    alerts: alerts.emit,
  };
}

function brickStateOf(fact: BrickFact, nodeId: string | null, objects: ReadonlyMap<string, DiskObject>, drives: Readonly<Record<string, DriveState>>, at: number): BrickState {
  const { host, path } = splitBrickName(fact.name);
  const resolution = nodeId === null ? { mountPoint: null, blockDevices: [], drivePaths: [], problems: ['no producer reports the node that hosts this brick'] } : resolveBrick(objects, path);
  const underlying = resolution.drivePaths.map((drivePath) => {
    const drive = drives[drivePath];
    return { drivePath, model: drive?.model ?? null, serial: drive?.serial ?? null, health: drive?.health ?? ('UNKNOWN' as Health) };
  });
  const failing = underlying.filter((drive) => drive.health === 'FAILING');
  const health: Health = failing.length > 0 ? 'FAILING' : underlying.length > 0 && underlying.every((drive) => drive.health === 'HEALTHY') ? 'HEALTHY' : 'UNKNOWN';
  const reasons =
    failing.length > 0
      ? failing.flatMap((drive) => (drives[drive.drivePath]?.healthReasons ?? []).map((reason) => `drive ${driveLabel(drives[drive.drivePath] ?? drive)}: ${reason}`))
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

function conditions(drives: Readonly<Record<string, DriveState>>, bricks: Readonly<Record<string, BrickState>>, settings: NodeStorageSettings): AlertCondition[] {
  const found: AlertCondition[] = [];
  for (const drive of Object.values(drives)) {
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
  }
  for (const brick of Object.values(bricks)) {
    if (brick.health !== 'FAILING') continue;
    const failing = brick.drives.filter((drive) => drive.health === 'FAILING');
    const labels = failing.map((drive) => driveLabel(drive)).join(', ');
    found.push({
      type: 'BRICK_ON_FAILING_DRIVE',
      subject: brick.name,
      severity: 'CRITICAL',
      ...(brick.volume === null ? {} : { volume: brick.volume }),
      brick: brick.name,
      ...(brick.nodeId === null ? {} : { nodeId: brick.nodeId }),
      drive: labels,
      message: `brick ${brick.name}${brick.volume === null ? '' : ` of volume ${brick.volume}`} on node ${brick.nodeId ?? '?'} sits on failing drive ${labels}`,
      evidence: { reasons: brick.healthReasons.join('; '), blockDevices: brick.blockDevices.join(','), drivePaths: failing.map((drive) => drive.drivePath).join(',') },
    });
  }
  return found;
}

/** Emits a record per key whose state changed (ignoring lastChangedAt) and a tombstone per vanished key. */
function diff<S extends { readonly lastChangedAt: number }>(
  emitted: Readonly<Record<string, S>>,
  current: Readonly<Record<string, S>>,
  keyOf: (id: string) => string,
): { kept: Record<string, S>; records: { key: string; value: S | null }[] } {
  const kept: Record<string, S> = {};
  const records: { key: string; value: S | null }[] = [];
  for (const [id, state] of Object.entries(current)) {
    const previous = emitted[id];
    if (previous !== undefined && JSON.stringify({ ...previous, lastChangedAt: 0 }) === JSON.stringify({ ...state, lastChangedAt: 0 })) {
      kept[id] = previous;
    } else {
      kept[id] = state;
      records.push({ key: keyOf(id), value: state });
    }
  }
  for (const id of Object.keys(emitted)) if (current[id] === undefined) records.push({ key: keyOf(id), value: null });
  return { kept, records };
}
