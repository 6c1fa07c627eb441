import { escapeObjectPathSegment, type DiskInterface } from '../../dbus/index.js';
import { bytestring, NO_OBJECT, zeroValues } from './disk-values.js';

/** One simulated udisks object: its path and the property values of each interface it has. */
export interface DiskObject {
  readonly path: string;
  readonly interfaces: Partial<Record<DiskInterface, Record<string, unknown>>>;
}

export interface BlockOptions {
  readonly name: string;
  readonly major: number;
  readonly minor: number;
  readonly size: bigint;
  readonly drive?: string;
  readonly symlinks?: readonly string[];
  readonly values?: Record<string, unknown>;
}

/**
 * Collects the disk objects of one node under one ObjectManager root, allocating udisks-style
 * paths (`block_devices/<dev>`, `drives/<vendor_model_serial>`, `lvm/<vg>/<lv>`, `mdraid/<uuid>`).
 * Pure: it builds data, the node exports it.
 */
export class StackBuilder {
  readonly root: string;
  private readonly objects = new Map<string, DiskObject>();
  private nextDm = 0;
  private nextMd = 127;
  private nextNvmeMinor = 0;

  constructor(root: string) {
    this.root = root;
  }

  list(): DiskObject[] {
    return [...this.objects.values()];
  }

  blockPath(name: string): string {
    return `${this.root}/block_devices/${escapeObjectPathSegment(name)}`;
  }

  /** udisks: vendor, model and serial, blanks and dashes turned into `_`, joined by `_`, then escaped. */
  drivePath(vendor: string, model: string, serial: string): string {
    const parts = [vendor, model, serial].map((part) => part.trim().replace(/[ -]/g, '_')).filter((part) => part !== '');
    return `${this.root}/drives/${escapeObjectPathSegment(parts.join('_'))}`;
  }

  vgPath(vg: string): string {
    return `${this.root}/lvm/${escapeObjectPathSegment(vg)}`;
  }

  lvPath(vg: string, lv: string): string {
    return `${this.vgPath(vg)}/${escapeObjectPathSegment(lv)}`;
  }

  mdRaidPath(uuid: string): string {
    return `${this.root}/mdraid/${escapeObjectPathSegment(uuid.replace(/[ :-]/g, '_'))}`;
  }

  allocateDm(): { name: string; major: number; minor: number } {
    const minor = this.nextDm++;
    return { name: `dm-${minor}`, major: 253, minor };
  }

  allocateMd(): { name: string; major: number; minor: number } {
    const minor = this.nextMd--;
    return { name: `md${minor}`, major: 9, minor };
  }

  allocateNvmeMinor(): number {
    return this.nextNvmeMinor++;
  }

  /** Adds (or extends) the object at `path` with one interface's values. */
  set(path: string, iface: DiskInterface, values: Record<string, unknown>): void {
    const existing = this.objects.get(path);
    const interfaces = { ...(existing?.interfaces ?? {}) };
    interfaces[iface] = { ...(interfaces[iface] ?? zeroValues(iface)), ...values };
    this.objects.set(path, { path, interfaces });
  }

  get(path: string, iface: DiskInterface): Record<string, unknown> | undefined {
    return this.objects.get(path)?.interfaces[iface];
  }

  /** A Block object; returns its path. DeviceNumber is the kernel dev_t (`major << 8 | minor` for small numbers). */
  block(options: BlockOptions): string {
    const path = this.blockPath(options.name);
    const device = `/dev/${options.name}`;
    this.set(path, 'block', {
      Device: bytestring(device),
      PreferredDevice: bytestring(options.symlinks?.[0] ?? device),
      Symlinks: (options.symlinks ?? []).map(bytestring),
      DeviceNumber: BigInt(options.major * 256 + options.minor),
      Size: options.size,
      Drive: options.drive ?? NO_OBJECT,
      HintPartitionable: options.drive !== undefined,
      ...options.values,
    });
    return path;
  }

  /** A Filesystem on an existing block, mounted where the brick lives. */
  filesystem(blockPath: string, mountPoint: string, type: string, uuid: string, size: bigint): void {
    this.set(blockPath, 'filesystem', { MountPoints: [bytestring(mountPoint)], Size: size });
    const block = this.get(blockPath, 'block') ?? {};
    this.set(blockPath, 'block', { ...block, IdUsage: 'filesystem', IdType: type, IdUUID: uuid, Id: `by-uuid-${uuid}` });
  }
}
