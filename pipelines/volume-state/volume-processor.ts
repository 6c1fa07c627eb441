import type { RawPropertyChange } from '../../src/serde/index.js';
import type { StreamOperator, StreamRecord } from '../../src/streams/index.js';
import { alertOutputs, type GlusterOutput } from '../gluster-output.js';
import { keyedProcessor, type KeyedStep } from '../shared/keyed-processor.js';
import { applyVolumeRecord, emptyVolumeAggregate, tickVolume, type VolumeAggregate, type VolumeSettings, type VolumeStep } from './volume-aggregate.js';

/** Raw Volume records keyed by object path (the same on every node) → volume state and volume alerts. */
export function volumeProcessor(settings: VolumeSettings): StreamOperator<StreamRecord<string, RawPropertyChange>, StreamRecord<string, GlusterOutput>> {
  return keyedProcessor<RawPropertyChange, VolumeAggregate, GlusterOutput>({
    name: 'volume-state',
    store: 'volume-aggregates',
    step: (state, record, _streamRecord, context) =>
      keyed(applyVolumeRecord(state ?? emptyVolumeAggregate(record.objectPath), record, context.streamTime(), settings)),
    punctuate: (state, _key, time) => keyed(tickVolume(state, time, settings)),
  });
}

function keyed(step: VolumeStep): KeyedStep<VolumeAggregate, GlusterOutput> {
  return {
    state: step.aggregate,
    outputs: [...step.stateRecords.map((record) => ({ key: record.key, value: { topic: 'volumes' as const, value: record.value } })), ...alertOutputs(step.alerts)],
  };
}
