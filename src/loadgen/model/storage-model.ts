import type { RawPropertyChange } from '../../serde/index.js';
import type { AlertBook } from './alert-book.js';
import type { ExpectedBrick, ExpectedDrive, Health, StateBook } from './expected-topics.js';
import { bool, bytePath, bytePaths, lastSegment, num, objectPath, roleOf, str, type Props } from './model-properties.js';

/**
 * Bricks and drives as the README's "SMART join" says, for the disk stacks the load generator
 * builds (a filesystem on a partition or whole disk, optionally under LUKS): a brick `host:/path` is
 * placed on the node whose producer reports the brick's hostUuid as its Gluster UUID; there, the
 * filesystem with the longest mount-point prefix of the path leads through its block device to the
 * drive. A drive is FAILING on SmartFailing, failing attributes or bad sectors, UNKNOWN without SMART
 * data; a brick is FAILING when a drive beneath it is, HEALTHY when all are. MD RAID and LVM are not
 * modelled (the generator builds none): such bricks resolve to no drive here.
 */
interface Observed<T> {
  readonly value: T;
  readonly at: number;
}
interface BrickObject {
  name?: Observed<string> | undefined;
  hostUuid?: Observed<string> | undefined;
  volume?: Observed<string> | undefined;
  readonly nodes: Map<string, Observed<boolean>>;
  key?: string;
}
/** One node's storage objects: object path → interface role → its current properties. */
type DiskObjects = Map<string, Map<string, Record<string, RawPropertyChange['properties'][string]>>>;

const DRIVE_ROLES = new Set(['Drive', 'Drive.Ata', 'NVMe.Controller']);
const KELVIN = 273.15;

export class StorageModel {
  private readonly brickObjects = new Map<string, BrickObject>();
  private readonly disks = new Map<string, DiskObjects>();
  private readonly nodeOfUuid = new Map<string, string>();
  /** Brick object paths by the hostUuid they name, so a disk record settles only its node's bricks. */
  private readonly bricksOfUuid = new Map<string, Set<string>>();

  constructor(
    private readonly bricks: StateBook<ExpectedBrick>,
    private readonly drives: StateBook<ExpectedDrive>,
    private readonly alerts: AlertBook,
    private readonly temperatureHighCelsius: number,
  ) {}

  /** Any record tells which node carries which Gluster UUID. */
  observeNode(record: RawPropertyChange): void {
    if (record.glusterUuid !== null && this.nodeOfUuid.get(record.glusterUuid) !== record.nodeId) {
      this.nodeOfUuid.set(record.glusterUuid, record.nodeId);
      this.settleBricksOf(record.glusterUuid);
    }
  }

  applyBrick(record: RawPropertyChange): void {
    const brick: BrickObject = this.brickObjects.get(record.objectPath) ?? { nodes: new Map() };
    this.brickObjects.set(record.objectPath, brick);
    const at = record.observedAt;
    const known = brick.nodes.get(record.nodeId);
    if (known === undefined || at >= known.at) brick.nodes.set(record.nodeId, { value: record.kind !== 'REMOVED', at });
    if (record.kind !== 'REMOVED') {
      const newer = (seen: Observed<string> | undefined, value: string | undefined): Observed<string> | undefined => (value !== undefined && (seen === undefined || at >= seen.at) ? { value, at } : seen);
      brick.name = newer(brick.name, str(record.properties, 'name'));
      const hostUuid = newer(brick.hostUuid, str(record.properties, 'hostUuid'));
      if (hostUuid !== undefined && hostUuid.value !== brick.hostUuid?.value) {
        if (brick.hostUuid !== undefined) this.bricksOfUuid.get(brick.hostUuid.value)?.delete(record.objectPath);
        this.bricksOfUuid.set(hostUuid.value, (this.bricksOfUuid.get(hostUuid.value) ?? new Set()).add(record.objectPath));
      }
      brick.hostUuid = hostUuid;
      brick.volume = newer(brick.volume, objectPath(record.properties, 'volume'));
    }
    this.settleBrick(record.objectPath, brick);
  }

  applyDisk(record: RawPropertyChange): void {
    const role = roleOf(record);
    if (role === undefined) return;
    const objects = this.disks.get(record.nodeId) ?? new Map();
    this.disks.set(record.nodeId, objects);
    const object = objects.get(record.objectPath) ?? new Map();
    if (record.kind === 'REMOVED') object.delete(role);
    else object.set(role, record.kind === 'CHANGED' ? { ...(object.get(role) ?? {}), ...record.properties } : { ...record.properties });
    if (object.size === 0) objects.delete(record.objectPath);
    else objects.set(record.objectPath, object);
    if (DRIVE_ROLES.has(role)) this.settleDrive(record.nodeId, record.objectPath);
    // A drive's health or a block's mapping may change any brick on this node.
    const uuid = record.glusterUuid;
    if (uuid !== null) this.settleBricksOf(uuid);
  }

  private settleBricksOf(uuid: string): void {
    for (const path of this.bricksOfUuid.get(uuid) ?? []) {
      const brick = this.brickObjects.get(path);
      if (brick !== undefined) this.settleBrick(path, brick);
    }
  }

  private settleBrick(path: string, brick: BrickObject): void {
    const present = [...brick.nodes.values()].some((node) => node.value);
    if (!present || brick.hostUuid === undefined) {
      if (!present) {
        this.brickObjects.delete(path);
        if (brick.hostUuid !== undefined) this.bricksOfUuid.get(brick.hostUuid.value)?.delete(path);
      }
      if (brick.key !== undefined) this.forgetBrick(brick.key);
      delete brick.key;
      return;
    }
    const name = brick.name?.value ?? lastSegment(path);
    const separator = name.lastIndexOf(':/');
    const [host, dir] = separator < 0 ? ['', name] : [name.slice(0, separator), name.slice(separator + 1)];
    const nodeId = this.nodeOfUuid.get(brick.hostUuid.value) ?? null;
    const resolved = nodeId === null ? { mountPoint: null, blockDevices: [], drivePaths: [] } : this.resolve(nodeId, dir);
    const drives = resolved.drivePaths.map((drivePath) => {
      const drive = this.drives.latest.get(`${nodeId}|${drivePath}`);
      // No `degrading`: the drive trend is not the model's (MODEL_UNDECIDED_ALERT_TYPES).
      return { drivePath, model: drive?.model ?? null, serial: drive?.serial ?? null, health: drive?.health ?? ('UNKNOWN' as Health) };
    });
    const health: Health = drives.some((drive) => drive.health === 'FAILING') ? 'FAILING' : drives.length > 0 && drives.every((drive) => drive.health === 'HEALTHY') ? 'HEALTHY' : 'UNKNOWN';
    if (brick.key !== undefined && brick.key !== name) this.forgetBrick(brick.key);
    brick.key = name;
    this.bricks.put(name, {
      name,
      volume: brick.volume === undefined ? null : lastSegment(brick.volume.value),
      host,
      path: dir,
      hostUuid: brick.hostUuid.value,
      nodeId,
      mountPoint: resolved.mountPoint,
      blockDevices: resolved.blockDevices,
      drives,
      health,
    });
    this.alerts.set(`BRICK_ON_FAILING_DRIVE|${name}`, health === 'FAILING');
  }

  private forgetBrick(key: string): void {
    this.bricks.delete(key);
    this.alerts.set(`BRICK_ON_FAILING_DRIVE|${key}`, false);
  }

  private resolve(nodeId: string, dir: string): { mountPoint: string | null; blockDevices: string[]; drivePaths: string[] } {
    const objects = this.disks.get(nodeId) ?? new Map();
    let best: { mountPoint: string; objectPath: string } | undefined;
    for (const [path, object] of objects) {
      for (const mountPoint of bytePaths(object.get('Filesystem') ?? {}, 'MountPoints') ?? []) {
        const covers = mountPoint === '/' || dir === mountPoint || dir.startsWith(`${mountPoint.replace(/\/+$/, '')}/`);
        if (covers && (best === undefined || mountPoint.length > best.mountPoint.length)) best = { mountPoint, objectPath: path };
      }
    }
    if (best === undefined) return { mountPoint: null, blockDevices: [], drivePaths: [] };
    const blockDevices: string[] = [];
    const drivePaths: string[] = [];
    const seen = new Set<string>();
    for (let path: string | undefined = best.objectPath; path !== undefined && !seen.has(path); ) {
      seen.add(path);
      const block: Props | undefined = objects.get(path)?.get('Block');
      if (block === undefined) break;
      const device = bytePath(block, 'PreferredDevice') ?? bytePath(block, 'Device');
      if (device !== undefined) blockDevices.push(device);
      const drive = objectPath(block, 'Drive');
      if (drive !== undefined) {
        drivePaths.push(drive);
        break;
      }
      path = objectPath(block, 'CryptoBackingDevice');
    }
    return { mountPoint: best.mountPoint, blockDevices, drivePaths };
  }

  private settleDrive(nodeId: string, path: string): void {
    const key = `${nodeId}|${path}`;
    const object = this.disks.get(nodeId)?.get(path);
    if (object === undefined || ![...object.keys()].some((role) => DRIVE_ROLES.has(role))) {
      this.drives.delete(key);
      this.alerts.set(`DRIVE_SMART_FAILING|${key}`, false);
      this.alerts.set(`DRIVE_TEMPERATURE_HIGH|${key}`, false);
      return;
    }
    const drive: Props = object.get('Drive') ?? {};
    const ata = object.get('Drive.Ata');
    const nvme = object.get('NVMe.Controller');
    const known = (value: number | undefined): number | null => (value !== undefined && value >= 0 ? value : null);
    const positive = (value: number | undefined): number | null => (value !== undefined && value > 0 ? value : null);
    const text = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);
    const kelvin = positive(num(ata ?? nvme ?? {}, 'SmartTemperature'));
    const updated = positive(num(ata ?? nvme ?? {}, 'SmartUpdated'));
    const smartFailing = ata === undefined ? null : (bool(ata, 'SmartFailing') ?? null);
    const badSectors = ata === undefined ? null : known(num(ata, 'SmartNumBadSectors'));
    const attributesFailing = ata === undefined ? null : known(num(ata, 'SmartNumAttributesFailing'));
    let health: Health = 'UNKNOWN';
    if (ata !== undefined && updated !== null && bool(ata, 'SmartSupported') !== false) {
      health = smartFailing === true || (attributesFailing ?? 0) > 0 || (badSectors ?? 0) > 0 ? 'FAILING' : 'HEALTHY';
    } else if (nvme !== undefined && updated !== null) {
      const warnings = nvme['SmartCriticalWarning']?.value;
      health = Array.isArray(warnings) && warnings.length > 0 ? 'FAILING' : 'HEALTHY';
    }
    const celsius = kelvin === null ? null : Math.round((kelvin - KELVIN) * 100) / 100;
    this.drives.put(key, {
      nodeId,
      drivePath: path,
      model: text(str(drive, 'Model')),
      serial: text(str(drive, 'Serial')),
      wwn: text(str(drive, 'WWN')),
      smartFailing,
      temperatureKelvin: kelvin,
      temperatureCelsius: celsius,
      badSectors,
      attributesFailing,
      smartUpdatedAt: updated === null ? null : updated * 1000,
      health,
    });
    this.alerts.set(`DRIVE_SMART_FAILING|${key}`, health === 'FAILING');
    this.alerts.set(`DRIVE_TEMPERATURE_HIGH|${key}`, celsius !== null && celsius > this.temperatureHighCelsius);
  }
}
