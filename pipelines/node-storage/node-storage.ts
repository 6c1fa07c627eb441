import type { Alert, BrickState, DriveState, RawPropertyChange } from '../../src/serde/index.js';
import { sameValue } from '../../src/streams/index.js';
import type { BrickFact } from '../brick-registry/brick-registry.js';
import { reconcileAlerts, withMember } from '../domain/index.js';
import { mountCandidates, resolveBrick, type BrickResolution } from './brick-resolution.js';
import { splitBrickName } from './brick-state.js';
import { applyDiskRecord, diskRoleOf, type DiskObject } from './disk-objects.js';
import { driveStateOf } from './drive-health.js';
import { brickConditions, brickStateOf, driveConditions, driveKey, type NodeStorageSettings } from './storage-conditions.js';
import { updateIndexes } from './storage-indexes.js';
import { storageLookup, type BrickEntry, type StorageState } from './storage-state.js';

/** What the node-storage processor reads, keyed by the node's storage key: its disk records and the brick facts placed on it. */
export type NodeStorageInput =
  | { readonly type: 'disk'; readonly record: RawPropertyChange }
  | { readonly type: 'brick'; readonly fact: BrickFact; readonly at: number };

/** Where the join's results go: drive and brick state updates (null: tombstone) and alerts. */
export interface StorageEmit {
  drive(key: string, state: DriveState | null): void;
  brick(name: string, state: BrickState | null): void;
  alert(alert: Alert): void;
}

const DRIVE_ROLES = ['Drive', 'Drive.Ata', 'NVMe.Controller'] as const;
const NO_NODE: BrickResolution = { mountPoint: null, blockDevices: [], drivePaths: [], problems: ['no producer reports the node that hosts this brick'], dependsOn: [] };
const UNRESOLVED: BrickResolution = { mountPoint: null, blockDevices: [], drivePaths: [], problems: [], dependsOn: [] };

/**
 * The brick ↔ block device ↔ drive join of one node, entity by entity: a disk record updates its
 * object, the indexes it is in, its drive's state when it is a drive, and the bricks that depend on
 * it; a brick fact updates that brick. A SMART change on a drive costs the drive and the bricks on
 * that drive, never the other drives of the node; a storage-stack change costs the bricks whose walk
 * passed through it (or, for a mount point, the node's bricks below it).
 */
export function applyNodeStorageInput(state: StorageState, input: NodeStorageInput, settings: NodeStorageSettings, emit: StorageEmit): void {
  if (input.type === 'brick') applyBrickFact(state, input.fact, input.at, emit);
  else applyDiskChange(state, input.record, settings, emit);
}

function applyDiskChange(state: StorageState, record: RawPropertyChange, settings: NodeStorageSettings, emit: StorageEmit): void {
  const at = record.observedAt;
  const info = state.node();
  const resolveAgain = new Set<string>();
  const evaluateAgain = new Set<string>();
  if (info.nodeId !== record.nodeId) {
    state.putNode({ ...info, nodeId: record.nodeId }, at);
    info.bricks.forEach((brick) => resolveAgain.add(brick));
  }
  const path = record.objectPath;
  const before = state.object(path);
  const after = applyDiskRecord(before, record);
  if (after !== before) {
    state.putObject(path, after, at);
    const change = updateIndexes(state, path, before, after, at);
    const role = diskRoleOf(record);
    const dependents = state.list('dep', path);
    if (role !== undefined && (DRIVE_ROLES as readonly string[]).includes(role)) dependents.forEach((brick) => evaluateAgain.add(brick));
    else dependents.forEach((brick) => resolveAgain.add(brick));
    for (const group of change.groups) state.list('dep', group).forEach((brick) => resolveAgain.add(brick));
    if (change.mountPoints.length > 0) {
      for (const brick of info.bricks) {
        const candidates = mountCandidates(splitBrickName(brick).path);
        if (change.mountPoints.some((point) => candidates.includes(point))) resolveAgain.add(brick);
      }
    }
    if ((isDrive(before) || isDrive(after)) && updateDrive(state, record.nodeId, path, at, settings, emit)) state.list('dep', path).forEach((brick) => evaluateAgain.add(brick));
  }
  for (const brick of resolveAgain) evaluateBrick(state, brick, at, true, emit);
  for (const brick of evaluateAgain) if (!resolveAgain.has(brick)) evaluateBrick(state, brick, at, false, emit);
}

function applyBrickFact(state: StorageState, fact: BrickFact, at: number, emit: StorageEmit): void {
  const info = state.node();
  const existing = state.brick(fact.name);
  if (!fact.present) {
    if (existing === undefined) return;
    if (existing.state !== null) emit.brick(fact.name, null);
    reconcileAlerts(existing.openAlerts, [], at).emit.forEach((alert) => emit.alert(alert));
    updateDependencies(state, fact.name, existing.resolution.dependsOn, [], at);
    state.putBrick(fact.name, undefined, at);
    state.putNode({ ...info, bricks: withMember(info.bricks, fact.name, false) }, at);
    return;
  }
  state.putBrick(fact.name, existing === undefined ? { fact, resolution: UNRESOLVED, state: null, openAlerts: {} } : { ...existing, fact }, at);
  if (!info.bricks.includes(fact.name)) state.putNode({ ...info, bricks: withMember(info.bricks, fact.name, true) }, at);
  evaluateBrick(state, fact.name, at, true, emit);
}

/** Recomputes a drive's state and alerts; true when what its bricks show of it (model, serial, health, reasons) changed. */
function updateDrive(state: StorageState, nodeId: string, path: string, at: number, settings: NodeStorageSettings, emit: StorageEmit): boolean {
  const object = state.object(path);
  const entry = state.drive(path);
  if (!isDrive(object)) {
    if (entry === undefined) return false;
    emit.drive(driveKey(entry.state.nodeId, path), null);
    reconcileAlerts(entry.openAlerts, [], at).emit.forEach((alert) => emit.alert(alert));
    state.putDrive(path, undefined, at);
    return true;
  }
  const next = driveStateOf(nodeId, path, object ?? {}, at);
  const changed = entry === undefined || !sameValue({ ...entry.state, lastChangedAt: 0 }, { ...next, lastChangedAt: 0 });
  const published = changed ? next : entry.state;
  if (changed) emit.drive(driveKey(nodeId, path), next);
  const alerts = reconcileAlerts(entry?.openAlerts ?? {}, driveConditions(published, settings), at);
  alerts.emit.forEach((alert) => emit.alert(alert));
  if (changed || alerts.emit.length > 0) state.putDrive(path, { state: published, openAlerts: alerts.open }, at);
  return entry === undefined || !sameValue(shownToBricks(entry.state), shownToBricks(next));
}

/** Re-evaluates one brick (walking its storage stack again when `resolveAgain`) and publishes what changed. */
function evaluateBrick(state: StorageState, name: string, at: number, resolveAgain: boolean, emit: StorageEmit): void {
  const entry = state.brick(name);
  if (entry === undefined) return;
  const nodeId = state.node().nodeId;
  let resolution = entry.resolution;
  if (resolveAgain) {
    resolution = nodeId === null ? NO_NODE : resolveBrick(storageLookup(state), splitBrickName(entry.fact.name).path);
    updateDependencies(state, name, entry.resolution.dependsOn, resolution.dependsOn, at);
  }
  const next = brickStateOf(entry.fact, nodeId, resolution, (path) => state.drive(path)?.state, at);
  const changed = entry.state === null || !sameValue({ ...entry.state, lastChangedAt: 0 }, { ...next, lastChangedAt: 0 });
  const published = changed ? next : (entry.state ?? next);
  if (changed) emit.brick(name, next);
  const alerts = reconcileAlerts(entry.openAlerts, brickConditions(published), at);
  alerts.emit.forEach((alert) => emit.alert(alert));
  const updated: BrickEntry = { ...entry, resolution, state: published, openAlerts: alerts.open };
  if (changed || alerts.emit.length > 0 || !sameValue(entry.resolution, resolution)) state.putBrick(name, updated, at);
}

/** Moves brick `name` between the dependents of the objects its old and new walks went through. */
function updateDependencies(state: StorageState, name: string, before: readonly string[], after: readonly string[], at: number): void {
  const now = new Set(after);
  const then = new Set(before);
  for (const path of before) if (!now.has(path)) state.putList('dep', path, withMember(state.list('dep', path), name, false), at);
  for (const path of after) if (!then.has(path)) state.putList('dep', path, withMember(state.list('dep', path), name, true), at);
}

function isDrive(object: DiskObject | undefined): boolean {
  return object !== undefined && DRIVE_ROLES.some((role) => object[role] !== undefined);
}

function shownToBricks(drive: DriveState): unknown {
  return { model: drive.model, serial: drive.serial, health: drive.health, reasons: drive.healthReasons };
}
