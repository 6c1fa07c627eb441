/**
 * Simulated Gluster nodes on private D-Bus buses, for tests, demos and benchmarks. See README.md
 * for the scenario format.
 */
export { startSimulatedCluster } from './simulated-cluster.js';
export { waitForWatchers } from './wait-for-watchers.js';
export type { SimulatedCluster, StartSimulatedClusterOptions } from './simulated-cluster.js';
export { SimulatedNode } from './simulated-node.js';
export { exportSimulatedDisks } from './export/simulated-disks.js';
export type { ExportSimulatedDisksOptions, SimulatedDisks } from './export/simulated-disks.js';
export type { NodeLossMode } from './simulated-node.js';
export type { RunStepsOptions } from './run-steps.js';
export { loadScenario, parseScenario } from './scenario/parse-scenario.js';
export { ScenarioError } from './scenario/scenario-error.js';
export { StepError } from './step-error.js';
export type { Scenario, ScenarioInput } from './scenario/scenario-schema.js';
export type { ScenarioStep, ScenarioStepInput } from './scenario/step-schema.js';
export type { BrickLayout, BrickSpec, DriveSpec, NodeSpec, NodeSpecInput } from './scenario/node-schema.js';
export { VOLUME_STATUS } from './gluster/gluster-interfaces.js';
export { volumePath, brickPath } from './gluster/gluster-view.js';
