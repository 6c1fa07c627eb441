import type { RawPropertyChange } from '../../src/serde/index.js';
import type { Output } from '../../src/streams/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore } from '../shared/state-outputs.js';
import { applyBrickRecord, emptyBrickEntry, type BrickFact, type BrickRegistryEntry } from './brick-registry.js';

export const BRICK_REGISTRY_STORE = entityStore<BrickRegistryEntry>('brick-registry');

export type BrickRegistryOutputs = { readonly facts: Output<string, BrickFact> };

/** Raw Brick records keyed by brick object path → one {@link BrickFact} per real change, keyed by the hosting node's Gluster UUID. */
export function brickRegistryLogic(): EntityLogic<RawPropertyChange, BrickRegistryEntry, BrickRegistryOutputs> {
  return {
    name: 'brick-registry',
    store: BRICK_REGISTRY_STORE.name,
    apply: (state, record) => {
      const step = applyBrickRecord(state ?? emptyBrickEntry(record.value.objectPath), record.value);
      return { state: step.entry, forward: step.facts.map((fact) => ({ to: 'facts' as const, key: fact.hostUuid, value: fact })) };
    },
  };
}
