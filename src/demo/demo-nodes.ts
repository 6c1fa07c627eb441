import type { NodeSpecInput } from '../simulator/index.js';

/**
 * The demo's cluster: three Gluster nodes, one replicated volume with a brick on each. srv1's brick
 * sits on an LVM thin pool over two drives, srv2's on a plain partition, srv3's on MD RAID1 under LUKS.
 */
export const DEMO_NODES: readonly NodeSpecInput[] = [
  {
    id: 'node1',
    glusterUuid: '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a0001',
    hostname: 'srv1',
    drives: [
      { device: 'sdb', kind: 'ata', model: 'WDC WD40EFRX', serial: 'WD-1B' },
      { device: 'sdc', kind: 'ata', model: 'WDC WD40EFRX', serial: 'WD-1C' },
    ],
    bricks: [{ path: '/bricks/gv0', layout: { type: 'lvm-thin', drives: ['sdb', 'sdc'], vg: 'vg_bricks', pool: 'thinpool' } }],
  },
  {
    id: 'node2',
    glusterUuid: '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a0002',
    hostname: 'srv2',
    drives: [{ device: 'sda', kind: 'ata', model: 'ST4000NM0035', serial: 'ZC-2A' }],
    bricks: [{ path: '/bricks/gv0', layout: { type: 'partition', drive: 'sda' } }],
  },
  {
    id: 'node3',
    glusterUuid: '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a0003',
    hostname: 'srv3',
    drives: [
      { device: 'sda', kind: 'ata', model: 'ST4000NM0035', serial: 'ZC-3A' },
      { device: 'sdb', kind: 'ata', model: 'ST4000NM0035', serial: 'ZC-3B' },
    ],
    bricks: [{ path: '/bricks/gv0', layout: { type: 'mdraid1', drives: ['sda', 'sdb'], luks: true } }],
  },
];

export const DEMO_VOLUME = {
  name: 'gv0',
  id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5b',
  bricks: ['srv1:/bricks/gv0', 'srv2:/bricks/gv0', 'srv3:/bricks/gv0'],
  // Exported as the gluster-dbus exporter does (layout, brick online), so the processor computes gv0's risk.
  layout: { replica: 3, arbiter: 0, disperse: 0, redundancy: 0 },
} as const;
