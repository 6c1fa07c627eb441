import { createReferenceModel } from '../../../src/loadgen/index.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import { compareWithModel } from '../reference-compare.js';
import { DETERMINISTIC_PROCESSOR_ENV } from './cli-processor.js';
import type { DerivedOutputs } from './derived-outputs.js';

/**
 * Where a run's derived topics differ from what the reference model (src/loadgen, written from the
 * README independently of pipelines/) predicts for `records`: final state per key and open alerts.
 * Alert histories are compared with a clean run instead, because across nodes they depend on the
 * order in which partitions meet. The model runs with the processor's deterministic settings.
 */
export function modelDifferences(records: readonly RawPropertyChange[], outputs: DerivedOutputs): string[] {
  const model = createReferenceModel({
    silenceTimeoutMs: Number(DETERMINISTIC_PROCESSOR_ENV['GLUSTER_EVENTING_SILENCE_TIMEOUT_MS']),
    disagreementGraceMs: Number(DETERMINISTIC_PROCESSOR_ENV['GLUSTER_EVENTING_DISAGREEMENT_GRACE_MS']),
  });
  for (const record of [...records].sort((a, b) => a.observedAt - b.observedAt)) model.apply(record);
  return compareWithModel(outputs, model.expected(), { alerts: 'final' });
}
