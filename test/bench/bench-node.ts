/** The one simulated node the producer benches watch: one ATA drive with one brick on a partition of it. */
export const BENCH_DEVICE = 'sda';
export const BENCH_NODE_SPEC = {
  id: 'bench1',
  glusterUuid: '6b9f3c2e-0000-4000-8000-00000000b001',
  hostname: 'bench1',
  drives: [{ device: BENCH_DEVICE, kind: 'ata' as const, serial: 'BENCH0001' }],
  bricks: [{ path: '/bricks/b1', layout: { type: 'partition' as const, drive: BENCH_DEVICE, number: 1, filesystem: 'xfs' } }],
};
