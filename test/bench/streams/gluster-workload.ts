import type { RawPropertyChange, TypedDbusValue } from '../../../src/serde/index.js';
import { blockRecord, driveRecords, type NodeRef } from '../../fixtures/disk-records.js';
import { BRICK_INTERFACE, brickPath, GLUSTERD_INTERFACE, rawRecord, STORAGED, UDISKS, volumePath, volumeRecord } from '../../fixtures/raw-records.js';

/**
 * Raw records as a cluster's producers would write them: every node first sends a snapshot of what
 * it sees (every volume and brick of the cluster, its own drives and block devices), then changes
 * arrive in rounds: a volume's status changes and every node reports it (duplicates for the dedupe),
 * each node's drives report SMART changes (temperature, bad sectors, now and then failing), and each
 * node sends a heartbeat every few rounds. Sequence numbers and observation times increase per node.
 */
export interface GlusterWorkloadOptions {
  readonly records: number;
  readonly nodes?: number;
  readonly volumes?: number;
  readonly drivesPerNode?: number;
  /** Event time of the first record (epoch ms); rounds are `roundMs` apart. */
  readonly startAt: number;
  readonly roundMs?: number;
}

const D = '/org/freedesktop/UDisks2/drives/';
const B = '/org/freedesktop/UDisks2/block_devices/';
const ATA = 'org.freedesktop.UDisks2.Drive.Ata';

export function glusterWorkload(options: GlusterWorkloadOptions): RawPropertyChange[] {
  const nodeCount = options.nodes ?? 4;
  const volumeCount = options.volumes ?? 40;
  const drivesPerNode = options.drivesPerNode ?? 6;
  const roundMs = options.roundMs ?? 50;
  const nodes: NodeRef[] = Array.from({ length: nodeCount }, (_, n) => ({ nodeId: `node-${n}`, glusterUuid: `${String(n).padStart(8, '0')}-0000-4000-8000-00000000be${String(n).padStart(2, '0')}` }));
  const sequence = new Map<string, number>();
  const records: RawPropertyChange[] = [];
  const push = (record: RawPropertyChange): void => {
    const next = (sequence.get(record.nodeId) ?? 0) + 1;
    sequence.set(record.nodeId, next);
    records.push({ ...record, sequence: next });
  };
  const drivePath = (node: number, drive: number): string => `${D}BENCH_${node}_${drive}`;
  // Volume v has one brick on each node, on drive v % drivesPerNode of that node.
  const brickName = (node: number, volume: number): string => `srv-${node}:/bricks/vol${volume}/data`;
  let at = options.startAt;

  for (const [n, node] of nodes.entries()) {
    for (let v = 0; v < volumeCount; v += 1) {
      const bricks = nodes.map((_, host) => brickName(host, v));
      // As the gluster-dbus exporter reports it: a replica set over the nodes (its layout), each brick online.
      const layout = { type: 'Replicate', replicaCount: nodeCount, arbiterCount: 0, disperseCount: 0, redundancyCount: 0 };
      push(volumeRecord({ ...node, at, kind: 'SNAPSHOT' }, { name: `vol${v}`, id: `9e0c7d5e-3c1a-4a57-9d7e-${String(v).padStart(12, '0')}`, status: 1, brickcount: bricks.length, bricks, layout }));
      for (const [host, hostNode] of nodes.entries()) {
        push(rawRecord({ ...node, at, kind: 'SNAPSHOT' }, { busName: STORAGED, objectPath: brickPath(brickName(host, v)), interface: BRICK_INTERFACE }, {
          hostUuid: { signature: 's', value: hostNode.glusterUuid },
          name: { signature: 's', value: brickName(host, v) },
          volume: { signature: 'o', value: volumePath(`vol${v}`) },
          online: { signature: 'b', value: true },
        }));
      }
    }
    for (let d = 0; d < drivesPerNode; d += 1) {
      for (const record of driveRecords(node, at, { path: drivePath(n, d), model: 'BENCH-HDD', serial: `S${n}x${d}` })) push(record);
      const mountPoints = Array.from({ length: volumeCount }, (_, v) => v).filter((v) => v % drivesPerNode === d).map((v) => `/bricks/vol${v}`);
      for (const record of blockRecord(node, at, { path: `${B}sd${String.fromCharCode(97 + d)}1_${n}`, device: `/dev/sd${String.fromCharCode(97 + d)}1`, drive: drivePath(n, d), mountPoints })) push(record);
    }
    push(rawRecord({ ...node, at, kind: 'SNAPSHOT' }, { busName: STORAGED, objectPath: '/org/storaged/Storaged/glusterfs/daemons/glusterd', interface: GLUSTERD_INTERFACE }, {
      ActiveState: { signature: 's', value: 'active' },
    }));
  }

  for (let round = 0; records.length < options.records; round += 1) {
    at += roundMs;
    const volume = round % volumeCount;
    const status = round % (2 * volumeCount) < volumeCount ? 2 : 1; // stop every volume once, then start them again
    for (const [n, node] of nodes.entries()) push(volumeRecord({ ...node, at: at + n }, { name: `vol${volume}`, status }));
    for (const [n, node] of nodes.entries()) {
      const drive = round % drivesPerNode;
      const properties: Record<string, TypedDbusValue> = {
        SmartTemperature: { signature: 'd', value: 308.15 + ((round * 7 + n) % 30) },
        SmartNumBadSectors: { signature: 'x', value: BigInt(Math.floor(round / 50)) },
      };
      if (round % 97 === 0) properties['SmartFailing'] = { signature: 'b', value: round % 194 === 0 };
      push(rawRecord({ ...node, at: at + n }, { busName: UDISKS, objectPath: drivePath(n, drive), interface: ATA }, properties));
      if (round % 10 === n) push(rawRecord({ ...node, at: at + n, kind: 'HEARTBEAT' }, { busName: '', objectPath: '/', interface: null }));
    }
  }
  return records;
}
