import type { RawPropertyChange } from '../../src/serde/index.js';
import type { StreamOperator, StreamRecord } from '../../src/streams/index.js';
import { alertOutputs, type GlusterOutput } from '../gluster-output.js';
import { keyedProcessor, type KeyedStep } from '../shared/keyed-processor.js';
import { applyNodeRecord, emptyNodeAggregate, tickNode, type NodeAggregate, type NodeSettings, type NodeStep } from './node-aggregate.js';

/** Heartbeat and glusterd records keyed by node id → node state, GLUSTERD_DOWN and NODE_SILENT. */
export function nodeProcessor(settings: NodeSettings): StreamOperator<StreamRecord<string, RawPropertyChange>, StreamRecord<string, GlusterOutput>> {
  return keyedProcessor<RawPropertyChange, NodeAggregate, GlusterOutput>({
    name: 'node-state',
    store: 'node-aggregates',
    step: (state, record, _streamRecord, context) => keyed(applyNodeRecord(state ?? emptyNodeAggregate(record.nodeId), record, context.streamTime(), settings)),
    punctuate: (state, _key, time) => keyed(tickNode(state, time, settings)),
  });
}

function keyed(step: NodeStep): KeyedStep<NodeAggregate, GlusterOutput> {
  return {
    state: step.aggregate,
    outputs: [...(step.state === null ? [] : [{ key: step.state.nodeId, value: { topic: 'nodes' as const, value: step.state } }]), ...alertOutputs(step.alerts)],
  };
}
