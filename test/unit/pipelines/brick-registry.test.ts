import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyBrickRecord, emptyBrickEntry, type BrickRegistryEntry, type BrickFact, type NodeReport } from '../../../pipelines/brick-registry/brick-registry.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import { BRICK_INTERFACE, brickPath, rawRecord, STORAGED, volumePath } from '../../fixtures/raw-records.js';

const HOST = 'aaaaaaaa-0000-0000-0000-000000000001';
const brick = (nodeId: string, at: number, kind: 'SNAPSHOT' | 'REMOVED' = 'SNAPSHOT'): RawPropertyChange =>
  rawRecord({ nodeId, at, kind }, { busName: STORAGED, objectPath: brickPath('srv1:/bricks/b1'), interface: BRICK_INTERFACE }, kind === 'REMOVED' ? {} : {
    hostUuid: { signature: 's', value: HOST },
    name: { signature: 's', value: 'srv1:/bricks/b1' },
    volume: { signature: 'o', value: volumePath('gv-0') },
  });

function play(records: readonly RawPropertyChange[]): { entry: BrickRegistryEntry | null; facts: BrickFact[]; reports: Map<string, NodeReport> } {
  let entry: BrickRegistryEntry | null = null;
  const reports = new Map<string, NodeReport>();
  const facts: BrickFact[] = [];
  for (const record of records) {
    const step = applyBrickRecord(entry ?? emptyBrickEntry(record.objectPath), reports.get(record.nodeId), record);
    facts.push(...step.facts);
    entry = step.entry;
    if (step.report === undefined) reports.delete(record.nodeId);
    else reports.set(record.nodeId, step.report);
  }
  return { entry, facts, reports };
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

  test('an entry stays one size however many nodes report the brick: each node keeps its own report', () => {
    const nodes = (count: number) => Array.from({ length: count }, (_, index) => brick(`node-${index}`, 10));
    const few = play(nodes(3));
    const many = play(nodes(300));
    assert.equal(many.entry?.presentNodes, 300);
    assert.equal(many.reports.size, 300);
    assert.equal(JSON.stringify(many.entry).length, JSON.stringify(few.entry).length + 2, 'only the count grows (3 → 300)');
  });

  test('a record older than its node\'s last report does not change that node\'s presence', () => {
    const { facts, reports } = play([brick('a', 5), brick('a', 3, 'REMOVED')]);
    assert.deepEqual(facts.map((fact) => fact.present), [true]);
    assert.deepEqual(reports.get('a'), { at: 5 });
  });
});
