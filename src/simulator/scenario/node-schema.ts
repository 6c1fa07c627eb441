import { z } from 'zod';

/** A physical drive of a node. `device` (e.g. `sda`, `nvme0n1`) is its id in layouts and steps. */
export const driveSchema = z.strictObject({
  device: z.string().regex(/^[a-z][a-z0-9]*$/, 'a kernel device name such as sda or nvme0n1'),
  /** ata: Drive + Drive.Ata (SMART); nvme: Drive + NVMe.Controller; scsi: Drive only (udisks has no SMART for SAS). */
  kind: z.enum(['ata', 'nvme', 'scsi']).default('ata'),
  vendor: z.string().default('ATA'),
  model: z.string().default('SIM DISK 1TB'),
  serial: z.string().min(1),
  wwn: z.string().default(''),
  revision: z.string().default('1.0'),
  sizeBytes: z.number().int().positive().default(1_000_204_886_016),
  rotationRate: z.number().int().min(-1).default(7200),
  temperatureCelsius: z.number().min(-50).max(150).default(35),
  powerOnHours: z.number().int().nonnegative().default(1000),
  badSectors: z.number().int().min(-1).default(0),
});

const partitionLayoutSchema = z.strictObject({
  type: z.literal('partition'),
  drive: z.string(),
  number: z.number().int().positive().default(1),
  /** LUKS on the partition: the filesystem block has CryptoBackingDevice = the partition block. */
  luks: z.boolean().default(false),
  filesystem: z.string().default('xfs'),
});

/**
 * What the physical volumes of an LVM layout are: each drive whole (`drive`), a LUKS device on
 * each drive (`luks`: LVM on LUKS), or one MD RAID1 array over all the drives (`mdraid1`).
 */
const physicalVolumesSchema = z.enum(['drive', 'luks', 'mdraid1']).default('drive');

const lvmLayoutSchema = z.strictObject({
  type: z.literal('lvm'),
  drives: z.array(z.string()).min(1),
  pvs: physicalVolumesSchema,
  vg: z.string().regex(/^[A-Za-z0-9_.+-]+$/).default('vg_bricks'),
  lv: z.string().regex(/^[A-Za-z0-9_.+-]+$/).optional(),
  filesystem: z.string().default('xfs'),
});

const lvmThinLayoutSchema = z.strictObject({
  type: z.literal('lvm-thin'),
  drives: z.tuple([z.string(), z.string()]),
  pvs: physicalVolumesSchema,
  vg: z.string().regex(/^[A-Za-z0-9_.+-]+$/).default('vg_bricks'),
  pool: z.string().regex(/^[A-Za-z0-9_.+-]+$/).default('thinpool'),
  lv: z.string().regex(/^[A-Za-z0-9_.+-]+$/).optional(),
  filesystem: z.string().default('xfs'),
});

const mdRaid1LayoutSchema = z.strictObject({
  type: z.literal('mdraid1'),
  drives: z.tuple([z.string(), z.string()]),
  /** LUKS on top of the array: the filesystem block has CryptoBackingDevice = the md block. */
  luks: z.boolean().default(false),
  filesystem: z.string().default('xfs'),
});

export const layoutSchema = z.discriminatedUnion('type', [partitionLayoutSchema, lvmLayoutSchema, lvmThinLayoutSchema, mdRaid1LayoutSchema]);

export const brickSchema = z.strictObject({
  /** Brick directory as gluster names it after `host:`. */
  path: z.string().startsWith('/'),
  /** Where the brick's filesystem is mounted; defaults to `path`. */
  mountPoint: z.string().startsWith('/').optional(),
  layout: layoutSchema,
});

const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lower-case UUID');

export const nodeSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -'),
  glusterUuid: uuidSchema,
  hostname: z.string().regex(/^[A-Za-z0-9.-]+$/, 'a host name'),
  drives: z.array(driveSchema).default([]),
  bricks: z.array(brickSchema).default([]),
});

export type DriveSpec = z.infer<typeof driveSchema>;
export type BrickLayout = z.infer<typeof layoutSchema>;
export type BrickSpec = z.infer<typeof brickSchema>;
export type NodeSpec = z.infer<typeof nodeSchema>;
/** What callers may write: defaults not yet applied. */
export type NodeSpecInput = z.input<typeof nodeSchema>;
export { uuidSchema };
