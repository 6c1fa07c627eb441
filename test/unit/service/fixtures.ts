import type { Alert, BrickState, DriveState, NodeState, VolumeState } from '../../../src/serde/index.js';
import { GLUSTER_STORES, type StoreQuery, type StoreReader } from '../../../src/service/http/index.js';

/** An in-memory store view: store name → entries, as one instance holding `tasks` of `partitions`. */
export function memoryReader(stores: Record<string, Array<readonly [string, unknown]>>, options: { tasks?: string[]; partitions?: number } = {}): StoreReader & { stores: typeof stores } {
  const tasks = options.tasks ?? ['0_0'];
  const partitions = options.partitions ?? tasks.length;
  return {
    stores,
    queryStore: (name): StoreQuery => ({ store: name, entries: stores[name] ?? [], tasks, partitions, partial: tasks.length < partitions }),
  };
}

export function volume(name: string, status: VolumeState['status'], bricks: string[]): VolumeState {
  return { name, id: null, status, brickCount: bricks.length, bricks, reportingNodes: ['node1', 'node2'], disagreeingNodes: [], nodesAgree: true, disagreeingSince: null, nameIdSwapped: false, layout: null, risk: null, lastChangedAt: 1 };
}

/** A volume-risk store entry that published `state` (null: nothing published yet). */
export function volumeEntry(state: VolumeState | null): { volume: VolumeState | null; bricks: Record<string, never>; published: VolumeState | null } {
  return { volume: state, bricks: {}, published: state };
}

export function alert(type: Alert['type'], severity: Alert['severity'], raisedAt: number, subject: string): Alert {
  return { alertId: `${type}|${subject}`, type, state: 'RAISED', severity, volume: 'gv0', brick: null, nodeId: null, drive: null, message: `${type} on ${subject}`, evidence: {}, raisedAt, resolvedAt: null };
}

export function drive(nodeId: string, health: DriveState['health']): DriveState {
  return {
    nodeId, drivePath: '/org/freedesktop/UDisks2/drives/SIM_S1A', model: 'SIM HDD', serial: 'S1A', wwn: null, smartFailing: health === 'FAILING', temperatureKelvin: 308.15, temperatureCelsius: 35,
    badSectors: 0, attributesFailing: 0, attributesFailedInThePast: 0, selftestStatus: null, nvmeCriticalWarnings: [], smartUpdatedAt: 1, health, healthReasons: health === 'FAILING' ? ['SMART failing'] : [], lastChangedAt: 1,
    degrading: false, degradingReasons: [],
  };
}

export function brick(name: string, nodeId: string, health: BrickState['health']): BrickState {
  return {
    name, volume: 'gv0', host: name.split(':')[0] ?? '', path: '/bricks/b1', hostUuid: `uuid-${nodeId}`, nodeId, mountPoint: '/bricks', blockDevices: ['/dev/sda1'],
    drives: [{ drivePath: '/org/freedesktop/UDisks2/drives/SIM_S1A', model: 'SIM HDD', serial: 'S1A', health, degrading: false }], health, healthReasons: health === 'FAILING' ? ['drive failing'] : [], lastChangedAt: 1,
  };
}

export function node(nodeId: string, liveness: NodeState['liveness']): NodeState {
  return { nodeId, glusterUuid: `uuid-${nodeId}`, glusterdLoadState: 'loaded', glusterdActiveState: 'active', producerSessionId: 's', lastHeartbeatAt: 1, liveness, lastChangedAt: 1 };
}

/** Two volumes, two nodes (node2's drive failing under its brick), three open alerts of three stores. */
export function glusterStores(): Record<string, Array<readonly [string, unknown]>> {
  return {
    [GLUSTER_STORES.volumes]: [
      ['gv1', { ...volumeEntry(volume('gv1', 'STOPPED', [])), openAlerts: { a: alert('VOLUME_STOPPED', 'WARNING', 5, 'gv1') } }],
      ['gv0', { ...volumeEntry(volume('gv0', 'STARTED', ['srv1:/bricks/b1', 'srv2:/bricks/b1', 'srv3:/bricks/b1'])), openAlerts: {} }],
      ['new', { ...volumeEntry(null), openAlerts: {} }],
    ],
    [GLUSTER_STORES.nodes]: [
      ['node1', { emitted: node('node1', 'LIVE'), openAlerts: {} }],
      ['node2', { emitted: node('node2', 'SILENT'), openAlerts: { s: alert('NODE_SILENT', 'WARNING', 9, 'node2') } }],
    ],
    [GLUSTER_STORES.drives]: [
      ['uuid-node1\u0000d', { state: drive('node1', 'HEALTHY'), openAlerts: {} }],
      ['uuid-node2\u0000d', { state: drive('node2', 'FAILING'), openAlerts: {} }],
    ],
    [GLUSTER_STORES.bricks]: [
      ['uuid-node1\u0000srv1:/bricks/b1', { state: brick('srv1:/bricks/b1', 'node1', 'HEALTHY'), openAlerts: {} }],
      ['uuid-node2\u0000srv2:/bricks/b1', { state: brick('srv2:/bricks/b1', 'node2', 'FAILING'), openAlerts: { f: alert('BRICK_ON_FAILING_DRIVE', 'CRITICAL', 7, 'srv2:/bricks/b1') } }],
    ],
  };
}
