import type { NodeState, RawPropertyChange } from '../../src/serde/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore, stateForwards, type StateOutputs } from '../shared/state-outputs.js';
import { applyNodeRecord, emptyNodeAggregate, tickNode, type NodeAggregate, type NodeSettings, type NodeStep } from './node-aggregate.js';

export const NODE_STORE = entityStore<NodeAggregate>('node-aggregates');

/** How often silence is re-evaluated, in stream time. */
const TICK_MS = 1_000;

/** Heartbeat and glusterd records keyed by node id → node state, GLUSTERD_DOWN and NODE_SILENT. */
export function nodeLogic(settings: NodeSettings): EntityLogic<RawPropertyChange, NodeAggregate, StateOutputs<NodeState>> {
  const step = (node: NodeStep) => ({ state: node.aggregate, forward: stateForwards(node.state === null ? [] : [{ key: node.state.nodeId, value: node.state }], node.alerts) });
  return {
    name: 'node-state',
    store: NODE_STORE.name,
    apply: (state, record, streamTime) => step(applyNodeRecord(state ?? emptyNodeAggregate(record.value.nodeId), record.value, streamTime, settings)),
    tick: { intervalMs: TICK_MS, run: (state, _key, time) => step(tickNode(state, time, settings)) },
  };
}
