import dbus from 'dbus-next';
import type { NodeSpec } from '../scenario/node-schema.js';
import { bytestring } from './disk-values.js';
import type { StackBuilder } from './stack-builder.js';
import { stableUuid } from './stable-uuid.js';

const MIB = 1024n * 1024n;

/** A block device a layer is built on, or the one it yields. */
export interface Device {
  readonly block: string;
  readonly size: bigint;
}

/** Whole-disk block of a drive, as built by the drive pass. */
export interface DriveBlock extends Device {
  readonly partitionPrefix: string;
  readonly major: number;
  readonly minor: number;
}

/**
 * The layers of a brick's storage as udisks2 publishes them; each adds its objects on top of the
 * given devices and returns its own block device. Whole-disk and partition blocks carry
 * Block.Drive; md, LUKS cleartext and LV blocks have Drive '/' and lead down through
 * Block.MDRaid (members: Block.MDRaidMember), Block.CryptoBackingDevice and Block.LVM2 →
 * LogicalVolume.Structure `segs` (through ThinPool for a thin LV).
 */
export function addPartition(builder: StackBuilder, drive: DriveBlock, number: number, seed: string): Device {
  const size = drive.size - 2n * MIB;
  builder.set(drive.block, 'partitionTable', { Type: 'gpt' });
  const table = builder.get(drive.block, 'partitionTable');
  const minor = drive.major === 8 ? drive.minor + number : builder.allocateNvmeMinor();
  const drivePath = builder.get(drive.block, 'block')?.['Drive'];
  const block = builder.block({ name: `${drive.partitionPrefix}${number}`, major: drive.major, minor, size, ...(typeof drivePath === 'string' ? { drive: drivePath } : {}) });
  builder.set(block, 'partition', { Number: number, Type: '0fc63daf-8483-4772-8e79-3d69d8477de4', Offset: MIB, Size: size, UUID: stableUuid(`${seed}:part`), Table: drive.block });
  builder.set(drive.block, 'partitionTable', { Partitions: [...((table?.['Partitions'] as string[] | undefined) ?? []), block] });
  return { block, size };
}

/** LUKS2 on `backing`: the backing block becomes crypto_LUKS with Encrypted; a dm cleartext block on top. */
export function addLuks(builder: StackBuilder, backing: Device, seed: string): Device {
  const uuid = stableUuid(seed);
  const size = backing.size - 16n * MIB;
  const clear = builder.allocateDm();
  const block = builder.block({ ...clear, size, symlinks: [`/dev/mapper/luks-${uuid}`], values: { CryptoBackingDevice: backing.block } });
  builder.set(backing.block, 'block', { ...builder.get(backing.block, 'block'), IdUsage: 'crypto', IdType: 'crypto_LUKS', IdVersion: '2', IdUUID: uuid });
  builder.set(backing.block, 'encrypted', { HintEncryptionType: 'luks2', MetadataSize: 16n * MIB, CleartextDevice: block });
  return { block, size };
}

/** An MD RAID1 array over `members`: an MDRaid object, MDRaidMember on each member, an md block with MDRaid. */
export function addMdRaid1(builder: StackBuilder, node: NodeSpec, members: readonly Device[], seed: string): Device {
  const size = members.reduce((smallest, member) => (member.size < smallest ? member.size : smallest), members[0]?.size ?? 0n);
  const uuid = stableUuid(`${seed}:md`);
  const mdPath = builder.mdRaidPath(uuid);
  const md = builder.allocateMd();
  for (const member of members) {
    builder.set(member.block, 'block', { ...builder.get(member.block, 'block'), MDRaidMember: mdPath, IdUsage: 'raid', IdType: 'linux_raid_member', IdVersion: '1.2', IdUUID: uuid });
  }
  builder.set(mdPath, 'mdRaid', {
    UUID: uuid, Name: `${node.hostname}:${md.minor}`, Level: 'raid1', NumDevices: members.length, Size: size, SyncAction: 'idle',
    SyncCompleted: 1, Degraded: 0, BitmapLocation: bytestring('internal'), Running: true,
    ActiveDevices: members.map((member, slot) => [member.block, slot, ['in_sync'], 0n, {}]),
  });
  const block = builder.block({ ...md, size, symlinks: [`/dev/md/${node.hostname}:${md.minor}`], values: { MDRaid: mdPath } });
  return { block, size };
}

export interface LogicalVolumeOptions {
  readonly vg: string;
  readonly lv: string;
  /** A thin LV in this pool (created over the PVs); undefined: a linear LV over the PVs. */
  readonly pool: string | undefined;
  readonly pvs: readonly Device[];
  readonly seed: string;
}

/** A volume group over `pvs` and one LV in it (linear, or thin in a pool), with the LV's dm block. */
export function addLogicalVolume(builder: StackBuilder, node: NodeSpec, options: LogicalVolumeOptions): Device {
  const { vg, lv, pool, pvs } = options;
  const vgPath = builder.vgPath(vg);
  const lvPath = builder.lvPath(vg, lv);
  const total = pvs.reduce((sum, pv) => sum + pv.size, 0n);
  for (const pv of pvs) {
    builder.set(pv.block, 'block', { ...builder.get(pv.block, 'block'), IdUsage: 'raid', IdType: 'LVM2_member', IdVersion: 'LVM2 001' });
    builder.set(pv.block, 'physicalVolume', { VolumeGroup: vgPath, Size: pv.size, FreeSize: 0n });
  }
  builder.set(vgPath, 'volumeGroup', { Name: vg, UUID: stableUuid(`${node.id}:vg:${vg}`), Size: total, FreeSize: 0n, ExtentSize: 4n * MIB });
  let offset = 0n;
  const segments = pvs.map((pv) => {
    const segment = [offset, pv.size, pv.block];
    offset += pv.size;
    return segment;
  });
  const segs = new dbus.Variant('a(tto)', segments);
  const poolPath = pool === undefined ? undefined : addThinPool(builder, node, { vg, pool, vgPath, size: total, segs });
  const dm = builder.allocateDm();
  const mapperName = `${vg.replace(/-/g, '--')}-${lv.replace(/-/g, '--')}`;
  const block = builder.block({ ...dm, size: total, symlinks: [`/dev/${vg}/${lv}`, `/dev/mapper/${mapperName}`] });
  builder.set(block, 'blockLvm2', { LogicalVolume: lvPath });
  const common = { Name: lv, UUID: stableUuid(`${options.seed}:lv`), Size: total, Active: true, Type: 'block', SyncRatio: 1, VolumeGroup: vgPath, BlockDevice: block };
  builder.set(
    lvPath,
    'logicalVolume',
    poolPath === undefined
      ? { ...common, Layout: 'linear', Structure: { type: new dbus.Variant('s', 'linear'), size: new dbus.Variant('t', total), segs } }
      : { ...common, Layout: 'thin', DataAllocatedRatio: 0.1, ThinPool: poolPath, Structure: { type: new dbus.Variant('s', 'thin'), size: new dbus.Variant('t', total) } },
  );
  return { block, size: total };
}

function addThinPool(builder: StackBuilder, node: NodeSpec, pool: { vg: string; pool: string; vgPath: string; size: bigint; segs: dbus.Variant }): string {
  const path = builder.lvPath(pool.vg, pool.pool);
  builder.set(path, 'logicalVolume', {
    Name: pool.pool, UUID: stableUuid(`${node.id}:pool:${pool.vg}/${pool.pool}`), Size: pool.size, Active: true, Type: 'pool', Layout: 'thin-pool',
    VolumeGroup: pool.vgPath, SyncRatio: 1, DataAllocatedRatio: 0.1, MetadataAllocatedRatio: 0.02,
    Structure: { type: new dbus.Variant('s', 'thin-pool'), size: new dbus.Variant('t', pool.size), segs: pool.segs },
  });
  return path;
}
