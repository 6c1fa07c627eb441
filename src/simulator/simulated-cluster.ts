import { join } from 'node:path';
import type { DiskGeneration } from '../dbus/index.js';
import { silentLogger, type Logger } from '../logging/index.js';
import { applyStep, nodeById } from './apply-step.js';
import { runSteps, type RunStepsOptions } from './run-steps.js';
import { nodeSchema, type NodeSpec, type NodeSpecInput } from './scenario/node-schema.js';
import type { Scenario } from './scenario/scenario-schema.js';
import { stepSchema, type ScenarioStep, type ScenarioStepInput } from './scenario/step-schema.js';
import { SimulatedNode, type NodeLossMode } from './simulated-node.js';

export interface StartSimulatedClusterOptions {
  /** Parent directory; node `<id>` gets `<dir>/<id>/bus.sock`. Keep it short (socket paths ≤ 107 bytes). */
  readonly dir: string;
  readonly nodes: readonly NodeSpecInput[];
  /** Disk objects under udisks2 names (default) or the storaged generation's. */
  readonly diskGeneration?: DiskGeneration;
  /** Reproduce the fork's swapped volume `name`/`id` (default false). */
  readonly swappedNameId?: boolean;
  readonly logger?: Logger;
  readonly now?: () => bigint;
}

/** Running simulated nodes plus cluster-wide operations. */
export interface SimulatedCluster {
  readonly nodes: readonly SimulatedNode[];
  node(id: string): SimulatedNode;
  /** Applies one step (validated and defaulted here, so plain objects are fine). */
  apply(step: ScenarioStepInput): Promise<void>;
  /** Plays a scenario's (or a list of) steps in time. */
  run(scenario: Pick<Scenario, 'steps'> | readonly ScenarioStepInput[], options?: RunStepsOptions): Promise<void>;
  removeNode(id: string, mode?: NodeLossMode): Promise<void>;
  restoreNode(id: string): Promise<void>;
  /** Stops every node's services and bus daemon. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts one dbus-daemon per node and exports the storaged glusterfs objects and disk stack.
 *
 * @example
 * const cluster = await startSimulatedCluster({ dir, nodes: scenario.nodes });
 * try { await cluster.apply({ action: 'volume.create', volume: 'v1', bricks: ['srv1:/bricks/b1'] }); }
 * finally { await cluster.stop(); }
 */
export async function startSimulatedCluster(options: StartSimulatedClusterOptions): Promise<SimulatedCluster> {
  const specs: NodeSpec[] = options.nodes.map((node) => nodeSchema.parse(node));
  const uuidByHost = new Map(specs.map((spec) => [spec.hostname, spec.glusterUuid]));
  // A brick on a host outside the simulation gets an empty hostUuid rather than a failure.
  const hostUuidOf = (brick: string): string => uuidByHost.get(brick.slice(0, brick.indexOf(':'))) ?? '';
  const logger = options.logger ?? silentLogger;
  const nodes: SimulatedNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (const spec of specs) {
      nodes.push(
        await SimulatedNode.start({
          spec,
          dir: join(options.dir, spec.id),
          diskGeneration: options.diskGeneration ?? 'udisks2',
          swappedNameId: options.swappedNameId ?? false,
          hostUuidOf,
          logger,
          ...(options.now === undefined ? {} : { now: options.now }),
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const apply = (step: ScenarioStepInput): Promise<void> => applyStep(nodes, stepSchema.parse(step));
  return {
    nodes,
    node: (id) => nodeById(nodes, id),
    apply,
    run: (scenario, runOptions) => {
      const steps: readonly ScenarioStep[] = (Array.isArray(scenario) ? scenario : (scenario as Pick<Scenario, 'steps'>).steps).map((step: ScenarioStepInput) => stepSchema.parse(step));
      return runSteps(steps, (step) => applyStep(nodes, step), runOptions);
    },
    removeNode: (id, mode) => nodeById(nodes, id).lose(mode),
    restoreNode: (id) => nodeById(nodes, id).restore(),
    stop,
  };
}
