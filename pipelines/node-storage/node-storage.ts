import type { Alert, DriveState, RawPropertyChange } from '../../src/serde/index.js';
import { sameValue } from '../../src/streams/index.js';
import type { BrickFact } from '../brick-registry/brick-registry.js';
import { reconcileAlerts, withMember } from '../domain/index.js';
import { mountCandidates, resolveBrick, type BrickResolution } from './brick-resolution.js';
import { splitBrickName } from './brick-state.js';
import { applyDiskRecord, diskRoleOf, type DiskObject } from './disk-objects.js';
import { driveStateOf } from './drive-health.js';
import { driveConditions, driveKey, type NodeStorageSettings } from './storage-conditions.js';
import { updateIndexes } from './storage-indexes.js';
import { storageLookup, type BrickPlacement, type StorageState } from './storage-state.js';

/** What the node-storage processor reads, keyed by the node's storage key: its disk records and the brick facts placed on it. */
export type NodeStorageInput =
  | { readonly type: 'disk'; readonly record: RawPropertyChange }
  | { readonly type: 'brick'; readonly fact: BrickFact; readonly at: number };

/** Where drive state updates (null: tombstone) and drive alerts go; bricks' placements go to the state's brick entries. */
export interface StorageEmit {
  drive(key: string, state: DriveState | null): void;
  alert(alert: Alert): void;
}

const DRIVE_ROLES = ['Drive', 'Drive.Ata', 'NVMe.Controller'] as const;
const NO_NODE: BrickResolution = { mountPoint: null, blockDevices: [], drivePaths: [], problems: ['no producer reports the node that hosts this brick'], dependsOn: [] };

/**
 * One node's storage objects and where its bricks sit, entity by entity: a disk record updates its
 * object, the indexes it is in, and its drive's state when it is a drive; a brick fact updates that
 * brick's placement. A storage-stack change re-resolves the bricks whose walk passed through it (or,
 * for a mount point, the node's bricks below it). A drive's health reaches its bricks through the
 * foreign-key join of placements with drives (`brick-health.ts`): a SMART change costs the drive
 * and the bricks on that drive, never the other drives or bricks of the node.
 */
export function applyNodeStorageInput(state: StorageState, input: NodeStorageInput, settings: NodeStorageSettings, emit: StorageEmit): void {
  if (input.type === 'brick') applyBrickFact(state, input.fact, input.at);
  else applyDiskChange(state, input.record, settings, emit);
}

function applyDiskChange(state: StorageState, record: RawPropertyChange, settings: NodeStorageSettings, emit: StorageEmit): void {
  const at = record.observedAt;
  const info = state.node();
  const resolveAgain = new Set<string>();
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
    // A drive's own properties change its health, not the walk to it: the join carries that.
    if (role === undefined || !(DRIVE_ROLES as readonly string[]).includes(role)) state.list('dep', path).forEach((brick) => resolveAgain.add(brick));
    for (const group of change.groups) state.list('dep', group).forEach((brick) => resolveAgain.add(brick));
    if (change.mountPoints.length > 0) {
      for (const brick of info.bricks) {
        const candidates = mountCandidates(splitBrickName(brick).path);
        if (change.mountPoints.some((point) => candidates.includes(point))) resolveAgain.add(brick);
      }
    }
    if (isDrive(before) || isDrive(after)) updateDrive(state, record.nodeId, path, at, settings, emit);
  }
  for (const brick of resolveAgain) placeBrick(state, brick, at);
}

function applyBrickFact(state: StorageState, fact: BrickFact, at: number): void {
  const info = state.node();
  const existing = state.brick(fact.name);
  if (!fact.present) {
    if (existing === undefined) return;
    updateDependencies(state, fact.name, existing.resolution.dependsOn, [], at);
    state.putBrick(fact.name, undefined, at);
    state.putNode({ ...info, bricks: withMember(info.bricks, fact.name, false) }, at);
    return;
  }
  if (!info.bricks.includes(fact.name)) state.putNode({ ...info, bricks: withMember(info.bricks, fact.name, true) }, at);
  placeBrick(state, fact.name, at, fact);
}

/** Recomputes a drive's state (with its trend over the windows) and alerts. */
function updateDrive(state: StorageState, nodeId: string, path: string, at: number, settings: NodeStorageSettings, emit: StorageEmit): void {
  const object = state.object(path);
  const entry = state.drive(path);
  if (!isDrive(object)) {
    if (entry === undefined) return;
    emit.drive(driveKey(entry.state.nodeId, path), null);
    reconcileAlerts(entry.openAlerts, [], at).emit.forEach((alert) => emit.alert(alert));
    state.putDrive(path, undefined, at);
    return;
  }
  const observed = driveStateOf(nodeId, path, object ?? {}, at);
  const trend = state.driveTrend(path, observed, at, settings, entry?.state);
  const next: DriveState = trend.reasons.length === 0 ? observed : { ...observed, degrading: true, degradingReasons: trend.reasons };
  const changed = entry === undefined || !sameValue({ ...entry.state, lastChangedAt: 0 }, { ...next, lastChangedAt: 0 });
  const published = changed ? next : entry.state;
  if (changed) emit.drive(driveKey(nodeId, path), next);
  const alerts = reconcileAlerts(entry?.openAlerts ?? {}, driveConditions(published, settings, trend), at);
  alerts.emit.forEach((alert) => emit.alert(alert));
  if (changed || alerts.emit.length > 0) state.putDrive(path, { state: published, openAlerts: alerts.open }, at);
}

/** Walks brick `name`'s storage stack again (with its new fact, when one arrived) and places it where it now resolves. */
function placeBrick(state: StorageState, name: string, at: number, fact?: BrickFact): void {
  const existing = state.brick(name);
  const placedFact = fact ?? existing?.fact;
  if (placedFact === undefined) return;
  const { nodeId } = state.node();
  const resolution = nodeId === null ? NO_NODE : resolveBrick(storageLookup(state), splitBrickName(placedFact.name).path);
  updateDependencies(state, name, existing?.resolution.dependsOn ?? [], resolution.dependsOn, at);
  const placement: BrickPlacement = { fact: placedFact, nodeId, resolution };
  if (existing === undefined || !sameValue(existing, placement)) state.putBrick(name, placement, at);
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
