import { tmpdir } from 'node:os';

/**
 * The fixed names of the test cluster: one bridge, one netns and veth pair per node, one /24. They
 * are fixed on purpose: a run killed half-way can then be found and removed by the next run (see
 * `sweep.ts`), and two clusters at once are refused instead of colliding. Node numbers are 1..9.
 */
export const CLUSTER = {
  bridge: 'nglbr0',
  bridgeAddress: '10.213.0.1',
  subnet: '10.213.0.0/24',
  prefixLength: 24,
  maxNodes: 9,
  /** Where the cluster's temporary folders live: `<tmpdir>/gec-XXXXXX` (short: unix socket paths are limited to 107 bytes). */
  baseParent: tmpdir(),
  basePrefix: 'gec-',
  /** In BASE: `{ pid, nodes, startedAt }` of the test process that owns the cluster; written before anything is created. */
  marker: '.gluster-eventing-cluster.json',
} as const;

export const netnsName = (node: number): string => `ngl${node}`;
/** The host end of the node's veth pair (enslaved to the bridge). */
export const hostVeth = (node: number): string => `ngl${node}h`;
/** The namespace end. */
export const nodeVeth = (node: number): string => `ngl${node}n`;
export const nodeAddress = (node: number): string => `10.213.0.1${node}`;
export const nodeHostname = (node: number): string => `gnode${node}`;

/** What the marker file holds. */
export interface ClusterMarker {
  readonly pid: number;
  readonly nodes: number;
  readonly startedAt: string;
}
