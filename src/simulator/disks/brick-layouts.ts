import dbus from 'dbus-next';
import type { BrickSpec, NodeSpec } from '../scenario/node-schema.js';
import { bytestring } from './disk-values.js';
import type { StackBuilder } from './stack-builder.js';
import { stableUuid } from './stable-uuid.js';

const MIB = 1024n * 1024n;

/** Whole-disk block path and size of each drive, as built by the drive pass. */
export interface DriveBlock {
  readonly block: string;
  readonly size: bigint;
  readonly partitionPrefix: string;
  readonly major: number;
  readonly minor: number;
}
export type DriveBlocks = ReadonlyMap<string, DriveBlock>;

/**
 * Adds the objects between a brick's mount point and its drives. The shapes follow udisks: a
 * partition's Block.Drive is its parent drive; LVM and MD blocks have Drive '/' and are reached
 * through LogicalVolume.Structure / MDRaidMember; a LUKS cleartext block points at its backing
 * block through CryptoBackingDevice.
 */
export function addBrickLayout(builder: StackBuilder, node: NodeSpec, brick: BrickSpec, drives: DriveBlocks): void {
  const mountPoint = brick.mountPoint ?? brick.path;
  const seed = `${node.id}:${brick.path}`;
  const layout = brick.layout;
  if (layout.type === 'partition') {
    const drive = need(drives, layout.drive);
    const size = drive.size - 2n * MIB;
    builder.set(drive.block, 'partitionTable', { Type: 'gpt' });
    const table = builder.get(drive.block, 'partitionTable');
    const name = `${drive.partitionPrefix}${layout.number}`;
    const minor = drive.major === 8 ? drive.minor + layout.number : builder.allocateNvmeMinor();
    const drivePath = builder.get(drive.block, 'block')?.['Drive'];
    const path = builder.block({ name, major: drive.major, minor, size, ...(typeof drivePath === 'string' ? { drive: drivePath } : {}) });
    builder.set(path, 'partition', { Number: layout.number, Type: '0fc63daf-8483-4772-8e79-3d69d8477de4', Offset: MIB, Size: size, UUID: stableUuid(`${seed}:part`), Table: drive.block });
    builder.set(drive.block, 'partitionTable', { Partitions: [...((table?.['Partitions'] as string[] | undefined) ?? []), path] });
    builder.filesystem(path, mountPoint, layout.filesystem, stableUuid(`${seed}:fs`), size);
    return;
  }
  if (layout.type === 'lvm-thin') {
    const first = need(drives, layout.drives[0]);
    const second = need(drives, layout.drives[1]);
    const vgPath = builder.vgPath(layout.vg);
    const poolPath = builder.lvPath(layout.vg, layout.pool);
    const lvName = layout.lv ?? `lv_${brick.path.split('/').filter(Boolean).join('_')}`;
    const lvPath = builder.lvPath(layout.vg, lvName);
    const total = first.size + second.size;
    for (const pv of [first, second]) {
      builder.set(pv.block, 'block', { ...builder.get(pv.block, 'block'), IdUsage: 'raid', IdType: 'LVM2_member', IdVersion: 'LVM2 001' });
      builder.set(pv.block, 'physicalVolume', { VolumeGroup: vgPath, Size: pv.size, FreeSize: 0n });
    }
    builder.set(vgPath, 'volumeGroup', { Name: layout.vg, UUID: stableUuid(`${node.id}:vg:${layout.vg}`), Size: total, FreeSize: 0n, ExtentSize: 4n * MIB });
    builder.set(poolPath, 'logicalVolume', {
      Name: layout.pool, UUID: stableUuid(`${node.id}:pool:${layout.vg}/${layout.pool}`), Size: total, Active: true, Type: 'pool', Layout: 'thin-pool',
      VolumeGroup: vgPath, SyncRatio: 1, DataAllocatedRatio: 0.1, MetadataAllocatedRatio: 0.02,
      Structure: {
        type: new dbus.Variant('s', 'thin-pool'),
        size: new dbus.Variant('t', total),
        segs: new dbus.Variant('a(tto)', [[0n, first.size, first.block], [first.size, second.size, second.block]]),
      },
    });
    const dm = builder.allocateDm();
    const blockPath = builder.block({ ...dm, size: total, symlinks: [`/dev/${layout.vg}/${lvName}`, `/dev/mapper/${layout.vg}-${lvName}`] });
    builder.set(blockPath, 'blockLvm2', { LogicalVolume: lvPath });
    builder.set(lvPath, 'logicalVolume', {
      Name: lvName, UUID: stableUuid(`${seed}:lv`), Size: total, Active: true, Type: 'block', Layout: 'thin', SyncRatio: 1,
      DataAllocatedRatio: 0.1, ThinPool: poolPath, VolumeGroup: vgPath, BlockDevice: blockPath,
      Structure: { type: new dbus.Variant('s', 'thin'), size: new dbus.Variant('t', total) },
    });
    builder.filesystem(blockPath, mountPoint, layout.filesystem, stableUuid(`${seed}:fs`), total);
    return;
  }
  const members = layout.drives.map((device) => need(drives, device));
  const size = members.reduce((smallest, member) => (member.size < smallest ? member.size : smallest), members[0]?.size ?? 0n);
  const mdUuid = stableUuid(`${seed}:md`);
  const mdPath = builder.mdRaidPath(mdUuid);
  const md = builder.allocateMd();
  for (const member of members) {
    builder.set(member.block, 'block', { ...builder.get(member.block, 'block'), MDRaidMember: mdPath, IdUsage: 'raid', IdType: 'linux_raid_member', IdVersion: '1.2', IdUUID: mdUuid });
  }
  builder.set(mdPath, 'mdRaid', {
    UUID: mdUuid, Name: `${node.hostname}:${md.minor}`, Level: 'raid1', NumDevices: members.length, Size: size, SyncAction: 'idle',
    SyncCompleted: 1, Degraded: 0, BitmapLocation: bytestring('internal'), Running: true,
    ActiveDevices: members.map((member, slot) => [member.block, slot, ['in_sync'], 0n, {}]),
  });
  const mdBlock = builder.block({ ...md, size, symlinks: [`/dev/md/${node.hostname}:${md.minor}`], values: { MDRaid: mdPath } });
  if (!layout.luks) {
    builder.filesystem(mdBlock, mountPoint, layout.filesystem, stableUuid(`${seed}:fs`), size);
    return;
  }
  const luksUuid = stableUuid(`${seed}:luks`);
  const clear = builder.allocateDm();
  const clearBlock = builder.block({ ...clear, size: size - 16n * MIB, symlinks: [`/dev/mapper/luks-${luksUuid}`], values: { CryptoBackingDevice: mdBlock } });
  builder.set(mdBlock, 'block', { ...builder.get(mdBlock, 'block'), IdUsage: 'crypto', IdType: 'crypto_LUKS', IdVersion: '2', IdUUID: luksUuid });
  builder.set(mdBlock, 'encrypted', { HintEncryptionType: 'luks2', MetadataSize: 16n * MIB, CleartextDevice: clearBlock });
  builder.filesystem(clearBlock, mountPoint, layout.filesystem, stableUuid(`${seed}:fs`), size - 16n * MIB);
}

function need<V>(map: ReadonlyMap<string, V>, key: string): V {
  const value = map.get(key);
  if (value === undefined) throw new TypeError(`unknown drive ${key}`);
  return value;
}
