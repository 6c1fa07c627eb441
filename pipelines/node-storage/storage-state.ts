import type { Alert, DriveState } from '../../src/serde/index.js';
import type { BrickFact } from '../brick-registry/brick-registry.js';
import type { BrickResolution, StorageLookup } from './brick-resolution.js';
import type { DiskObject } from './disk-objects.js';
import { NO_TREND, type DriveTrend, type DriveTrendSettings } from './drive-trend-rules.js';
import { observeDriveTrend, type DriveTrendWindows } from './drive-trend-windows.js';

/** One drive of one node: its published state and its open alerts. */
export interface DriveEntry {
  readonly state: DriveState;
  readonly openAlerts: Readonly<Record<string, Alert>>;
}

/**
 * One brick placed on a node: the fact, the node's id, and where its storage stack resolved to. The
 * brick's health is not here: it is the join of this placement with the drives it resolved to
 * (`brick-health.ts`), so that a drive's change reaches its bricks without this entry changing.
 */
export interface BrickPlacement {
  readonly fact: BrickFact;
  readonly nodeId: string | null;
  readonly resolution: BrickResolution;
}

/** What is known of a node as a whole: its id (from its producer's records) and the bricks placed on it. */
export interface NodeInfo {
  readonly nodeId: string | null;
  readonly bricks: readonly string[];
}

/**
 * A node's storage, one entity per key (object, drive, brick, index entry), so that a change costs
 * work for the entities it touches and never rewrites what grows with the node. Keys are scoped by
 * the node's storage key (its Gluster UUID, or `node:<id>`). The indexes answer the join's questions
 * without a scan: which filesystem is mounted at a path, the members of an MD array or a volume
 * group, and which bricks depend on an object (their resolution walked through it, or it is one of
 * their drives).
 */
export interface StorageState {
  object(path: string): DiskObject | undefined;
  putObject(path: string, object: DiskObject | undefined, at: number): void;
  drive(path: string): DriveEntry | undefined;
  putDrive(path: string, entry: DriveEntry | undefined, at: number): void;
  brick(name: string): BrickPlacement | undefined;
  putBrick(name: string, placement: BrickPlacement | undefined, at: number): void;
  node(): NodeInfo;
  putNode(info: NodeInfo, at: number): void;
  /** A list index: `mount` (mount point → filesystem object), `md` (array → members), `vg` (group → PVs), `dep` (object → bricks). */
  list(index: IndexName, id: string): readonly string[];
  putList(index: IndexName, id: string, members: readonly string[], at: number): void;
  /** Adds drive `path`'s sample to its trend windows and returns its trend now (see `observeDriveTrend`). */
  driveTrend(path: string, state: DriveState, at: number, settings: DriveTrendSettings, previous?: DriveState): DriveTrend;
}

export type IndexName = 'mount' | 'md' | 'vg' | 'dep';

/** Key-value access to one store, as the processor's stores and the tests' maps both give it. */
export interface EntityMap<V> {
  get(key: string): V | undefined;
  put(key: string, value: V, timestamp: number): void;
  delete(key: string, timestamp: number): void;
}

export interface StorageMaps {
  readonly objects: EntityMap<DiskObject>;
  readonly drives: EntityMap<DriveEntry>;
  readonly bricks: EntityMap<BrickPlacement>;
  readonly index: EntityMap<NodeInfo | readonly string[]>;
  /** The drive trend's window stores; without them no drive is ever degrading. */
  readonly trends?: DriveTrendWindows;
}

const SEPARATOR = '\u0000';
const EMPTY_NODE: NodeInfo = { nodeId: null, bricks: [] };

/** The key of one of node `nodeKey`'s entities in the storage stores (a drive's: its object path). */
export function storageEntityKey(nodeKey: string, ...parts: string[]): string {
  return [nodeKey, ...parts].join(SEPARATOR);
}

/** The state of one node (`nodeKey`) over the four maps. */
export function storageState(maps: StorageMaps, nodeKey: string): StorageState {
  const key = (...parts: string[]): string => storageEntityKey(nodeKey, ...parts);
  const write = <V>(map: EntityMap<V>, id: string, value: V | undefined, at: number): void => {
    if (value === undefined) map.delete(id, at);
    else map.put(id, value, at);
  };
  return {
    object: (path) => maps.objects.get(key(path)),
    putObject: (path, object, at) => write(maps.objects, key(path), object, at),
    drive: (path) => maps.drives.get(key(path)),
    putDrive: (path, entry, at) => write(maps.drives, key(path), entry, at),
    brick: (name) => maps.bricks.get(key(name)),
    putBrick: (name, entry, at) => write(maps.bricks, key(name), entry, at),
    node: () => (maps.index.get(key('node')) as NodeInfo | undefined) ?? EMPTY_NODE,
    putNode: (info, at) => write<NodeInfo | readonly string[]>(maps.index, key('node'), info, at),
    list: (index, id) => (maps.index.get(key(index, id)) as readonly string[] | undefined) ?? [],
    putList: (index, id, members, at) => write<NodeInfo | readonly string[]>(maps.index, key(index, id), members.length === 0 ? undefined : members, at),
    driveTrend: (path, state, at, settings, previous) => (maps.trends === undefined ? NO_TREND : observeDriveTrend(maps.trends, key(path), state, at, settings, previous)),
  };
}

/** The brick walk's view of a node's state. */
export function storageLookup(state: StorageState): StorageLookup {
  return {
    object: (path) => state.object(path),
    mountedAt: (mountPoint) => state.list('mount', mountPoint)[0],
    mdMembers: (raid) => state.list('md', raid),
    physicalVolumes: (group) => state.list('vg', group),
  };
}
