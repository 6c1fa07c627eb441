import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyBrickRecord, emptyBrickEntry, type BrickRegistryEntry, type BrickFact } from '../../../pipelines/brick-registry/brick-registry.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import { BRICK_INTERFACE, brickPath, rawRecord, STORAGED, volumePath } from '../../fixtures/raw-records.js';

const HOST = 'aaaaaaaa-0000-0000-0000-000000000001';
const brick = (nodeId: string, at: number, kind: 'SNAPSHOT' | 'REMOVED' = 'SNAPSHOT'): RawPropertyChange =>
  rawRecord({ nodeId, at, kind }, { busName: STORAGED, objectPath: brickPath('srv1:/bricks/b1'), interface: BRICK_INTERFACE }, kind === 'REMOVED' ? {} : {
    hostUuid: { signature: 's', value: HOST },
    name: { signature: 's', value: 'srv1:/bricks/b1' },
    volume: { signature: 'o', value: volumePath('gv-0') },
  });

function play(records: readonly RawPropertyChange[]): { entry: BrickRegistryEntry | null; facts: BrickFact[] } {
  let entry: BrickRegistryEntry | null = null;
  const facts: BrickFact[] = [];
  for (const record of records) {
    const step = applyBrickRecord(entry ?? emptyBrickEntry(record.objectPath), record);
    facts.push(...step.facts);
    entry = step.entry;
  }
  return { entry, facts };
}

describe('brick registry: one fact per brick from N reports', () => {
  test('the same brick reported by three nodes yields one fact, with the volume name decoded', () => {
    const { facts } = play([brick('a', 1), brick('b', 2), brick('c', 3), brick('b', 9)]);
    assert.deepEqual(facts, [{ brickPath: brickPath('srv1:/bricks/b1'), name: 'srv1:/bricks/b1', hostUuid: HOST, volume: 'gv-0', present: true }]);
  });

  test('the brick is gone only when every reporting node removed it', () => {
    const { facts, entry } = play([brick('a', 1), brick('b', 2), brick('a', 5, 'REMOVED'), brick('b', 6, 'REMOVED')]);
    assert.deepEqual(facts.map((fact) => fact.present), [true, false]);
    assert.equal(entry, null);
  });
});
