/**
 * The load generator and its reference model: raw records exactly as a synthetic cluster's
 * producers would write them (`generateLoad`, `writeLoad`), and what the pipelines must make of
 * them according to the README (`referenceModel`). Used by `gluster-eventing loadgen`, the bad-input
 * and fault tests, and the scale bench.
 */
export { clusterShapeSchema, diskName, layoutCluster, parseClusterShape } from './cluster-shape.js';
export type { ClusterLayout, ClusterShape, SyntheticBrick, SyntheticDrive, SyntheticNode, SyntheticVolume } from './cluster-shape.js';
export { DEFAULT_LOAD_SCRIPT, loadScriptSchema, parseLoadScript, parseMix } from './load-script.js';
export type { LoadAction, LoadScript } from './load-script.js';
export { DEFAULT_START_AT, generateLoad } from './generate-load.js';
export type { GenerateLoadOptions } from './generate-load.js';
export { createPrng } from './prng.js';
export type { Prng } from './prng.js';
export { createReferenceModel, DEFAULT_MODEL_SETTINGS, referenceModel } from './reference-model.js';
export type { ModelSettings, ReferenceModel } from './reference-model.js';
export { MODEL_UNDECIDED_ALERT_TYPES, openAlerts, STATE_ROLES } from './model/expected-topics.js';
export type { AlertState, ExpectedBrick, ExpectedDrive, ExpectedNode, ExpectedTopics, ExpectedValues, ExpectedVolume, Health, StateRole } from './model/expected-topics.js';
export { writeLoad } from './write-load.js';
export type { WriteLoadOptions, WriteLoadResult } from './write-load.js';
