import type { StreamOperator, StreamRecord } from '../../src/streams/index.js';
import { alertOutputs, type GlusterOutput } from '../gluster-output.js';
import { keyedProcessor } from '../shared/keyed-processor.js';
import { applyNodeStorageInput, emptyNodeStorage, type NodeStorageAggregate, type NodeStorageInput, type NodeStorageSettings } from './node-storage-aggregate.js';

const STORE = 'node-storage';

/**
 * One node's disks and the bricks placed on it, keyed by the node's Gluster UUID → drive and brick
 * state and their alerts. Built twice, once per input (disk records; brick facts): both share the
 * store, so they run in the same task and the join sees both sides whichever arrives first.
 */
export function nodeStorageProcessor(
  input: 'disks' | 'bricks',
  settings: NodeStorageSettings,
): StreamOperator<StreamRecord<string, NodeStorageInput>, StreamRecord<string, GlusterOutput>> {
  return keyedProcessor<NodeStorageInput, NodeStorageAggregate, GlusterOutput>({
    name: `node-storage-${input}`,
    store: STORE,
    shareStoreOf: input === 'bricks',
    step: (state, value) => {
      const step = applyNodeStorageInput(state ?? emptyNodeStorage, value, settings);
      return {
        state: step.aggregate,
        outputs: [
          ...step.drives.map((record) => ({ key: record.key, value: { topic: 'drives' as const, value: record.value } })),
          ...step.bricks.map((record) => ({ key: record.key, value: { topic: 'bricks' as const, value: record.value } })),
          ...alertOutputs(step.alerts),
        ],
      };
    },
  });
}
