/**
 * A real multi-node Gluster cluster for integration tests, on one root machine: network namespaces
 * on a private bridge, holder processes with private mount namespaces, loop-device bricks, one
 * glusterd per node. See docs/testing-real-cluster.md.
 */
export { retry, startGlusterCluster } from './cluster.js';
export type { GlusterCluster, StartGlusterClusterOptions } from './cluster.js';
export type { GlusterNode } from './gluster-node.js';
export { glusterClusterSkipReason } from './skip-reason.js';
export { CLUSTER, nodeAddress, nodeHostname } from './names.js';
export { sweepStaleClusters } from './sweep.js';
export { DRIVE, startNodePipeline } from './node-pipeline.js';
export type { NodePipeline, SeenEvent } from './node-pipeline.js';
