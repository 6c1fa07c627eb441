import { z } from 'zod';
import { createPrng } from './prng.js';

/**
 * The size of a synthetic cluster: N storage nodes, V volumes, B bricks and D drives. Validated
 * once (CLI edge or caller) with {@link parseClusterShape}.
 */
export const clusterShapeSchema = z
  .object({
    nodes: z.number().int().min(1).max(100_000),
    volumes: z.number().int().min(0).max(1_000_000),
    bricks: z.number().int().min(0).max(10_000_000),
    drives: z.number().int().min(0).max(10_000_000),
  })
  .refine((shape) => shape.bricks === 0 || shape.drives >= shape.nodes, { message: 'bricks need at least one drive per node (drives >= nodes)' })
  .refine((shape) => shape.bricks === 0 || shape.volumes > 0, { message: 'bricks need at least one volume' });

export type ClusterShape = Readonly<z.output<typeof clusterShapeSchema>>;

export function parseClusterShape(input: unknown): ClusterShape {
  return Object.freeze(clusterShapeSchema.parse(input));
}

export interface SyntheticNode {
  readonly index: number;
  readonly nodeId: string;
  readonly hostname: string;
  readonly glusterUuid: string;
}

export interface SyntheticVolume {
  readonly index: number;
  readonly name: string;
  readonly id: string;
  /** Brick indexes in the volume's order. */
  readonly bricks: readonly number[];
}

export interface SyntheticDrive {
  readonly index: number;
  readonly node: number;
  /** Kernel name of the whole disk, e.g. `sdb`. */
  readonly device: string;
  readonly serial: string;
}

export interface SyntheticBrick {
  readonly index: number;
  readonly volume: number;
  readonly node: number;
  /** Gluster's brick name `host:/path`. */
  readonly name: string;
  readonly path: string;
  /** The filesystem holding the brick is mounted here (a prefix of `path`). */
  readonly mountPoint: string;
  readonly drive: number;
  /** Partition number on that drive (several bricks may share a drive). */
  readonly partition: number;
}

/** Every entity of the cluster with its placement; pure function of the shape and the seed. */
export interface ClusterLayout {
  readonly shape: ClusterShape;
  readonly nodes: readonly SyntheticNode[];
  readonly volumes: readonly SyntheticVolume[];
  readonly bricks: readonly SyntheticBrick[];
  readonly drives: readonly SyntheticDrive[];
  /** Drive indexes per node. */
  readonly drivesOfNode: readonly (readonly number[])[];
  /** Brick indexes per hosting node. */
  readonly bricksOfNode: readonly (readonly number[])[];
}

const pad = (value: number, total: number): string => String(value).padStart(Math.max(3, String(total - 1).length), '0');

/** Linux disk names: sda … sdz, sdaa … */
export function diskName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(97 + ((rest - 1) % 26)) + name;
  return `sd${name}`;
}

/**
 * Places the entities: brick b belongs to volume b mod V as its replica r = floor(b / V) and lives on
 * node (v + r) mod N, so a volume's bricks sit on distinct nodes while there are enough of them;
 * drives are dealt round-robin to nodes; the j-th brick of a node sits on a partition of its
 * (j mod drives)-th drive. Brick directories are `/data/glusterfs/<volume>/brick<r>/brick` on a
 * filesystem mounted one level up, the usual Gluster convention.
 */
export function layoutCluster(shape: ClusterShape, seed: number): ClusterLayout {
  const random = createPrng(seed ^ 0x5eed);
  const nodes = Array.from({ length: shape.nodes }, (_, index): SyntheticNode => ({
    index,
    nodeId: `node-${pad(index, shape.nodes)}`,
    hostname: `srv-${pad(index, shape.nodes)}`,
    glusterUuid: random.uuid(),
  }));
  const drivesOfNode: number[][] = nodes.map(() => []);
  const drives = Array.from({ length: shape.drives }, (_, index): SyntheticDrive => {
    const node = index % shape.nodes;
    const local = drivesOfNode[node] ?? [];
    const drive = { index, node, device: diskName(local.length + 1), serial: `LG${seed.toString(36).toUpperCase()}X${pad(index, shape.drives)}` };
    local.push(index);
    return drive;
  });
  const volumeBricks: number[][] = Array.from({ length: shape.volumes }, () => []);
  const bricksOfNode: number[][] = nodes.map(() => []);
  const bricks = Array.from({ length: shape.bricks }, (_, index): SyntheticBrick => {
    const volume = index % shape.volumes;
    const replica = Math.floor(index / shape.volumes);
    const node = (volume + replica) % shape.nodes;
    const onNode = bricksOfNode[node] ?? [];
    const nodeDrives = drivesOfNode[node] ?? [];
    const drive = nodeDrives[onNode.length % nodeDrives.length] ?? 0;
    const partition = Math.floor(onNode.length / nodeDrives.length) + 1;
    const volumeName = `vol-${pad(volume, shape.volumes)}`;
    const mountPoint = `/data/glusterfs/${volumeName}/brick${replica}`;
    const path = `${mountPoint}/brick`;
    onNode.push(index);
    volumeBricks[volume]?.push(index);
    return { index, volume, node, name: `${nodes[node]?.hostname ?? ''}:${path}`, path, mountPoint, drive, partition };
  });
  const volumes = volumeBricks.map((bricksOfVolume, index): SyntheticVolume => ({ index, name: `vol-${pad(index, shape.volumes)}`, id: random.uuid(), bricks: bricksOfVolume }));
  return { shape, nodes, volumes, bricks, drives, drivesOfNode, bricksOfNode };
}
