import type { BrickLayout, BrickSpec, NodeSpec } from '../scenario/node-schema.js';
import { addLogicalVolume, addLuks, addMdRaid1, addPartition, type Device, type DriveBlock } from './layers.js';
import type { StackBuilder } from './stack-builder.js';
import { stableUuid } from './stable-uuid.js';

export type { DriveBlock } from './layers.js';
export type DriveBlocks = ReadonlyMap<string, DriveBlock>;

/**
 * Adds the objects between a brick's mount point and its drives, layer by layer as udisks shows
 * them (`layers.ts`): a partition, an MD RAID1 array, LUKS, an LVM linear or thin LV, and their
 * stacks (LUKS on a partition or an array; LVM whose PVs are whole drives, LUKS devices on them,
 * or one array over them). The filesystem mounted at the brick sits on the top layer.
 */
export function addBrickLayout(builder: StackBuilder, node: NodeSpec, brick: BrickSpec, drives: DriveBlocks): void {
  const seed = `${node.id}:${brick.path}`;
  const top = topLayer(builder, node, brick, drives, seed);
  builder.filesystem(top.block, brick.mountPoint ?? brick.path, brick.layout.filesystem, stableUuid(`${seed}:fs`), top.size);
}

function topLayer(builder: StackBuilder, node: NodeSpec, brick: BrickSpec, drives: DriveBlocks, seed: string): Device {
  const layout = brick.layout;
  if (layout.type === 'partition') {
    const partition = addPartition(builder, need(drives, layout.drive), layout.number, seed);
    return layout.luks ? addLuks(builder, partition, `${seed}:luks`) : partition;
  }
  if (layout.type === 'mdraid1') {
    const array = addMdRaid1(builder, node, layout.drives.map((device) => need(drives, device)), seed);
    return layout.luks ? addLuks(builder, array, `${seed}:luks`) : array;
  }
  const pvs = physicalVolumes(builder, node, layout, drives, seed);
  const lv = layout.lv ?? `lv_${brick.path.split('/').filter(Boolean).join('_')}`;
  return addLogicalVolume(builder, node, { vg: layout.vg, lv, pool: layout.type === 'lvm-thin' ? layout.pool : undefined, pvs, seed });
}

function physicalVolumes(builder: StackBuilder, node: NodeSpec, layout: Extract<BrickLayout, { type: 'lvm' | 'lvm-thin' }>, drives: DriveBlocks, seed: string): Device[] {
  const blocks = layout.drives.map((device) => need(drives, device));
  if (layout.pvs === 'mdraid1') return [addMdRaid1(builder, node, blocks, seed)];
  if (layout.pvs === 'luks') return blocks.map((block, index) => addLuks(builder, block, `${seed}:luks:${index}`));
  return blocks;
}

function need<V>(map: ReadonlyMap<string, V>, key: string): V {
  const value = map.get(key);
  if (value === undefined) throw new TypeError(`unknown drive ${key}`);
  return value;
}
