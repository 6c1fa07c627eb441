/**
 * Node-storage bench: what one SMART change costs as a node's drive count grows, in the topology
 * test driver (the same task code as the processor, no Kafka, every store write logged as it
 * happens: cache off). Per drives-per-node size D (default 10, 100, 1,000, 2,000): one node with D
 * drives, each with a partition mounted at its own brick directory and one brick of a volume on it
 * (snapshot, not measured), then `changes` SMART changes on drives chosen round-robin (temperature
 * steps; every 10th one flips SmartFailing), measured: CPU µs per change (process.cpuUsage, user +
 * system) and changelog bytes per change (everything written to `*-changelog` topics by the changes).
 * Flat rows mean the cost of a SMART change does not grow with the drives of the node.
 *
 * `--every-ms` spaces the changes in event time (default 1 ms, all in one moment). The drive trend
 * (DRIVE_DEGRADING) reads and writes each drive's window stores per change, and how many windows it
 * reads depends on how much history a drive has: `--every-ms 600000 / D`-ish spacing gives each drive
 * a sample every ~10 minutes, as udisks refreshes SMART data, so the windows fill as in production.
 *
 *   node --import tsx test/bench/node-storage-bench.ts [--sizes 10,100,1000,2000] [--changes 500] [--every-ms 1] [--json]
 *
 * Importable: `runNodeStorageBench(options)`. It imports only the topology and fixtures, so that the
 * same file runs against an older tree (copy it there) for a before/after comparison in one session.
 */
import { pathToFileURL } from 'node:url';
import { buildGlusterTopology, type GlusterSerdes } from '../../pipelines/gluster-topology.js';
import { taggedJsonSerde } from '../../pipelines/internal-serde.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../pipelines/pipeline-settings.js';
import { topicNames } from '../../src/kafka/index.js';
import { rawKeyOf, type RawPropertyChange } from '../../src/serde/index.js';
import { createTopologyTestDriver } from '../../src/streams/index.js';
import { blockRecord, driveRecords, smart, type NodeRef } from '../fixtures/disk-records.js';
import { BRICK_INTERFACE, brickPath, rawRecord, STORAGED, UDISKS, volumePath } from '../fixtures/raw-records.js';

export interface NodeStorageBenchRow {
  readonly drivesPerNode: number;
  readonly changes: number;
  readonly cpuMicrosPerChange: number;
  readonly changelogBytesPerChange: number;
  readonly outputsPerChange: number;
  readonly snapshotSeconds: number;
}

const NODE: NodeRef = { nodeId: 'bench-node', glusterUuid: '0badc0de-0000-4000-8000-000000000001' };
const D = '/org/freedesktop/UDisks2/drives/';
const B = '/org/freedesktop/UDisks2/block_devices/';
const json = taggedJsonSerde<never>();
const serdes: GlusterSerdes = { rawKey: json, rawValue: json, volumes: json, bricks: json, drives: json, nodes: json, alerts: json };

function snapshot(drives: number, at: number): RawPropertyChange[] {
  const records: RawPropertyChange[] = [];
  for (let d = 0; d < drives; d += 1) {
    const drive = `${D}BENCH_${d}`;
    records.push(...driveRecords(NODE, at, { path: drive, model: 'BENCH', serial: `S${d}` }));
    records.push(...blockRecord(NODE, at, { path: `${B}sd${d}`, device: `/dev/sd${d}`, drive }));
    records.push(...blockRecord(NODE, at, { path: `${B}sd${d}p1`, device: `/dev/sd${d}p1`, drive, mountPoints: [`/bricks/b${d}`] }));
    const name = `srv:/bricks/b${d}/data`;
    records.push(
      rawRecord({ ...NODE, at, kind: 'SNAPSHOT' }, { busName: STORAGED, objectPath: brickPath(name), interface: BRICK_INTERFACE }, {
        hostUuid: { signature: 's', value: NODE.glusterUuid ?? '' },
        name: { signature: 's', value: name },
        volume: { signature: 'o', value: volumePath('benchvol') },
      }),
    );
  }
  return records;
}

export async function runNodeStorageBench(options: { sizes?: readonly number[]; changes?: number; everyMs?: number } = {}): Promise<NodeStorageBenchRow[]> {
  const everyMs = options.everyMs ?? 1;
  const names = topicNames('bench');
  const rows: NodeStorageBenchRow[] = [];
  for (const drives of options.sizes ?? [10, 100, 1_000, 2_000]) {
    const changes = options.changes ?? 500;
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    const feed = (record: RawPropertyChange) => driver.pipeInput(names.raw, { key: rawKeyOf(record), value: record, timestamp: record.observedAt });
    const started = performance.now();
    for (const record of snapshot(drives, 1_000)) await feed(record);
    const snapshotSeconds = (performance.now() - started) / 1000;
    const changelogBytes = (): number => {
      let bytes = 0;
      for (const topic of driver.describe().match(/\S+-changelog/g) ?? []) for (const record of driver.readRaw(topic)) bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
      return bytes;
    };
    const outputs = (): number => [names.drives, names.bricks, names.alerts].reduce((sum, topic) => sum + driver.readRaw(topic).length, 0);
    const [bytesBefore, outputsBefore] = [changelogBytes(), outputs()];
    const cpu = process.cpuUsage();
    for (let change = 0; change < changes; change += 1) {
      const drive = `${D}BENCH_${change % drives}`;
      const failing = change % 10 === 9 && Math.floor(change / 10) % 2 === 0;
      const at = 2_000 + change * everyMs;
      const values = { ...smart(failing, 300 + (change % 40), 0), SmartUpdated: { signature: 't' as const, value: BigInt(Math.floor(at / 1000)) } };
      await feed(rawRecord({ ...NODE, at }, { busName: UDISKS, objectPath: drive, interface: 'org.freedesktop.UDisks2.Drive.Ata' }, values));
    }
    const used = process.cpuUsage(cpu);
    rows.push({
      drivesPerNode: drives,
      changes,
      cpuMicrosPerChange: Math.round((used.user + used.system) / changes),
      changelogBytesPerChange: Math.round((changelogBytes() - bytesBefore) / changes),
      outputsPerChange: Math.round(((outputs() - outputsBefore) / changes) * 100) / 100,
      snapshotSeconds: Math.round(snapshotSeconds * 10) / 10,
    });
  }
  return rows;
}

export function formatNodeStorageRows(rows: readonly NodeStorageBenchRow[]): string {
  const lines = ['drives/node  CPU µs/change  changelog bytes/change  outputs/change  snapshot s'];
  for (const row of rows) {
    lines.push(`${String(row.drivesPerNode).padStart(11)}  ${String(row.cpuMicrosPerChange).padStart(13)}  ${String(row.changelogBytesPerChange).padStart(22)}  ${String(row.outputsPerChange).padStart(14)}  ${String(row.snapshotSeconds).padStart(10)}`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string): string | undefined => process.argv[process.argv.indexOf(name) + 1];
  const sizes = process.argv.includes('--sizes') ? (arg('--sizes') ?? '').split(',').map(Number) : undefined;
  const changes = process.argv.includes('--changes') ? Number(arg('--changes')) : undefined;
  const everyMs = process.argv.includes('--every-ms') ? Number(arg('--every-ms')) : undefined;
  const rows = await runNodeStorageBench({ ...(sizes === undefined ? {} : { sizes }), ...(changes === undefined ? {} : { changes }), ...(everyMs === undefined ? {} : { everyMs }) });
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(rows)}\n` : `${formatNodeStorageRows(rows)}\n`);
}
