import type { RawPropertyChange } from '../../src/serde/index.js';
import { sameValue, type KeyValueStore, type Output, type Processor, type ProcessorContext, type ProcessorSupplier, type StreamRecord } from '../../src/streams/index.js';
import { entityStore } from '../shared/state-outputs.js';
import { applyBrickRecord, emptyBrickEntry, type BrickFact, type BrickRegistryEntry, type NodeReport } from './brick-registry.js';

/** Per brick object path its entry, and per (brick, node) that node's report (`<path>\u0000<nodeId>`). */
export const BRICK_REGISTRY_STORE = entityStore<BrickRegistryEntry | NodeReport>('brick-registry');

export type BrickRegistryOutputs = { readonly facts: Output<string, BrickFact> };

const reportKey = (brickPath: string, nodeId: string): string => `${brickPath}\u0000${nodeId}`;

/**
 * Raw Brick records keyed by brick object path → one {@link BrickFact} per real change, keyed by the
 * hosting node's Gluster UUID. A record reads and writes its brick's entry and its node's report
 * only, so a node's report costs the same in a cluster of 3 nodes or 1,000.
 */
export function brickRegistryProcessor(): ProcessorSupplier<string, RawPropertyChange, BrickRegistryOutputs> {
  return (): Processor<string, RawPropertyChange, BrickRegistryOutputs> => {
    let context: ProcessorContext<BrickRegistryOutputs>;
    let store: KeyValueStore<string, BrickRegistryEntry | NodeReport>;
    return {
      init(given) {
        context = given;
        store = given.getStateStore<string, BrickRegistryEntry | NodeReport>(BRICK_REGISTRY_STORE.name);
      },
      process(record: StreamRecord<string, RawPropertyChange>) {
        const brickPath = record.value.objectPath;
        const nodeKey = reportKey(brickPath, record.value.nodeId);
        const entry = store.get(brickPath) as BrickRegistryEntry | undefined;
        const report = store.get(nodeKey) as NodeReport | undefined;
        const step = applyBrickRecord(entry ?? emptyBrickEntry(brickPath), report, record.value);
        const { timestamp } = record;
        if (step.report === undefined) {
          if (report !== undefined) store.delete(nodeKey, timestamp);
        } else if (step.report !== report) store.put(nodeKey, step.report, timestamp);
        if (step.entry === null) {
          if (entry !== undefined) store.delete(brickPath, timestamp);
        } else if (entry === undefined || !sameValue(entry, step.entry)) store.put(brickPath, step.entry, timestamp);
        if (step.facts.length === 0) context.metrics?.increment('streams_dedup_hits_total', { processor: 'brick-registry' });
        for (const fact of step.facts) context.forward({ key: fact.hostUuid, value: fact, timestamp }, 'facts');
      },
    };
  };
}
