export { createProcessorHttpApp, startProcessorHttp } from './processor-http.js';
export type { ProcessorHttpOptions, ProcessorHttpServer } from './processor-http.js';
export type { Readiness, ReadinessProbe } from './readiness.js';
export { clusterSnapshot } from './cluster-snapshot.js';
export type { BrickView, ClusterSnapshot } from './cluster-snapshot.js';
export { GLUSTER_STORES, listBricks, listDrives, listNodes, listOpenAlerts, listVolumes } from './state-view.js';
export type { LocalAnswer, StoreQuery, StoreReader } from './state-view.js';
export { toJson } from './json.js';
