import type { RawPropertyChange } from '../../src/serde/index.js';
import type { StreamOperator, StreamRecord } from '../../src/streams/index.js';
import { keyedProcessor } from '../shared/keyed-processor.js';
import { applyBrickRecord, emptyBrickEntry, type BrickFact, type BrickRegistryEntry } from './brick-registry.js';

/** Raw Brick records keyed by brick object path → one {@link BrickFact} per real change, keyed by the hosting node's Gluster UUID. */
export function brickRegistryProcessor(): StreamOperator<StreamRecord<string, RawPropertyChange>, StreamRecord<string, BrickFact>> {
  return keyedProcessor<RawPropertyChange, BrickRegistryEntry, BrickFact>({
    name: 'brick-registry',
    store: 'brick-registry',
    step: (state, record) => {
      const step = applyBrickRecord(state ?? emptyBrickEntry(record.objectPath), record);
      return { state: step.entry, outputs: step.facts.map((fact) => ({ key: fact.hostUuid, value: fact })) };
    },
  });
}
