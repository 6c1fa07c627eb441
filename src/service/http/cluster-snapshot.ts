import type { Alert, BrickState, DriveState, Health, NodeState, VolumeState } from '../../serde/index.js';
import { listBricks, listDrives, listNodes, listOpenAlerts, listVolumes, type LocalAnswer, type StoreReader } from './state-view.js';

export interface BrickView {
  readonly name: string;
  readonly nodeId: string | null;
  readonly nodeLiveness: NodeState['liveness'] | null;
  /** UNKNOWN when the brick's host has reported no storage yet. */
  readonly health: Health;
  readonly healthReasons: readonly string[];
  readonly drives: ReadonlyArray<{ readonly drivePath: string; readonly model: string | null; readonly serial: string | null; readonly health: Health; readonly temperatureCelsius: number | null }>;
}

/** What the web view draws: everything joined, alerts first. */
export interface ClusterSnapshot {
  readonly alerts: readonly Alert[];
  readonly volumes: ReadonlyArray<VolumeState & { readonly brickViews: readonly BrickView[] }>;
  readonly nodes: readonly NodeState[];
  readonly tasks: readonly string[];
  readonly partial: boolean;
  /** Instances that did not answer (only when other instances were asked, see `forward-queries.ts`). */
  readonly unavailable?: readonly string[];
}

/** The lists a snapshot joins, each answered locally or by the whole group. */
export interface SnapshotLists {
  readonly volumes: LocalAnswer<VolumeState> & { readonly unavailable?: readonly string[] };
  readonly bricks: LocalAnswer<BrickState> & { readonly unavailable?: readonly string[] };
  readonly drives: LocalAnswer<DriveState> & { readonly unavailable?: readonly string[] };
  readonly nodes: LocalAnswer<NodeState> & { readonly unavailable?: readonly string[] };
  readonly alerts: LocalAnswer<Alert> & { readonly unavailable?: readonly string[] };
}

/**
 * Joins this instance's volumes, bricks, drives and nodes into one picture: each volume with its
 * bricks, each brick with its node's liveness and its drives' health. Pure over the reader.
 */
export function clusterSnapshot(reader: StoreReader): ClusterSnapshot {
  return joinSnapshot({ volumes: listVolumes(reader), bricks: listBricks(reader), drives: listDrives(reader), nodes: listNodes(reader), alerts: listOpenAlerts(reader) });
}

/**
 * The join of {@link clusterSnapshot} over lists already read (from this instance or merged from
 * every instance: the join needs the whole lists, since a volume's bricks live in other partitions).
 */
export function joinSnapshot(lists: SnapshotLists): ClusterSnapshot {
  const { volumes, bricks, drives, nodes, alerts } = lists;
  const brickByName = new Map(bricks.items.map((brick) => [brick.name, brick]));
  const driveByKey = new Map(drives.items.map((drive) => [`${drive.nodeId}|${drive.drivePath}`, drive]));
  const nodeById = new Map(nodes.items.map((node) => [node.nodeId, node]));
  const brickView = (name: string): BrickView => {
    const brick = brickByName.get(name);
    if (brick === undefined) return { name, nodeId: null, nodeLiveness: null, health: 'UNKNOWN', healthReasons: ['no storage report for this brick yet'], drives: [] };
    return {
      name,
      nodeId: brick.nodeId,
      nodeLiveness: brick.nodeId === null ? null : (nodeById.get(brick.nodeId)?.liveness ?? null),
      health: brick.health,
      healthReasons: brick.healthReasons,
      drives: brick.drives.map((drive) => ({ ...drive, temperatureCelsius: driveByKey.get(`${brick.nodeId ?? ''}|${drive.drivePath}`)?.temperatureCelsius ?? null })),
    };
  };
  return {
    alerts: alerts.items,
    volumes: volumes.items.map((volume) => ({ ...volume, brickViews: volume.bricks.map(brickView) })),
    nodes: nodes.items,
    tasks: [...new Set([...volumes.tasks, ...bricks.tasks, ...nodes.tasks])].sort(),
    partial: volumes.partial || bricks.partial || nodes.partial,
    ...unavailableOf(Object.values(lists)),
  };
}

function unavailableOf(answers: ReadonlyArray<{ readonly unavailable?: readonly string[] }>): { unavailable?: readonly string[] } {
  const unavailable = [...new Set(answers.flatMap((answer) => answer.unavailable ?? []))].sort();
  return unavailable.length === 0 ? {} : { unavailable };
}
