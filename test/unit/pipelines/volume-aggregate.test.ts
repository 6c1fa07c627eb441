import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyVolumeRecord, emptyVolumeAggregate, tickVolume, type NodeReport, type VolumeAggregate, type VolumeStep } from '../../../pipelines/volume-state/volume-aggregate.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import { volumePath, volumeRecord } from '../../fixtures/raw-records.js';

const SETTINGS = { disagreementGraceMs: 30_000 };
const ID = '3f1c2a7e-59a4-4c1e-9a55-0a1b2c3d4e5f';
const NODES = ['node-a', 'node-b', 'node-c'];

/** Each node's report, kept beside the aggregate as the processor's parts store keeps them (one volume here). */
const reports = new Map<string, NodeReport>();

function write(step: VolumeStep): VolumeStep {
  for (const [nodeId, report] of step.reports) {
    if (report === null) reports.delete(nodeId);
    else reports.set(nodeId, report);
  }
  return step;
}

/** Runs records through the aggregate like a task would (stream time = max event time seen); `start` null begins a new volume. */
function play(records: readonly RawPropertyChange[], start: VolumeAggregate | null = null): { aggregate: VolumeAggregate | null; steps: VolumeStep[] } {
  if (start === null) reports.clear();
  let aggregate = start;
  let streamTime = 0;
  const steps: VolumeStep[] = [];
  for (const record of records) {
    streamTime = Math.max(streamTime, record.observedAt);
    const step = write(applyVolumeRecord(aggregate ?? emptyVolumeAggregate(record.objectPath), record, streamTime, SETTINGS, reports));
    steps.push(step);
    aggregate = step.aggregate;
  }
  return { aggregate, steps };
}

const snapshotOnAllNodes = (status: number, at: number): RawPropertyChange[] =>
  NODES.map((nodeId, index) => volumeRecord({ nodeId, at: at + index, kind: 'SNAPSHOT' }, { name: 'gv0', id: ID, status, brickcount: 2, bricks: ['srv1:/bricks/b1', 'srv2:/bricks/b2'] }));

const stateRecords = (steps: readonly VolumeStep[]) => steps.flatMap((step) => step.stateRecords);

describe('volume state: one truth from many nodes', () => {
  test('a transition reported by every node becomes exactly one state change', () => {
    const created = play(snapshotOnAllNodes(0, 1_000));
    const started = play(
      NODES.map((nodeId, index) => volumeRecord({ nodeId, at: 5_000 + index * 40 }, { name: 'gv0', status: 1 })),
      created.aggregate,
    );
    const records = stateRecords(started.steps);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.key, 'gv0');
    assert.equal(records[0]?.value?.status, 'STARTED');
    assert.deepEqual(records[0]?.value?.bricks, ['srv1:/bricks/b1', 'srv2:/bricks/b2']);
  });

  test('reports in any order, repeated, converge to the same single change', () => {
    const created = play(snapshotOnAllNodes(0, 1_000));
    const reports = NODES.map((nodeId, index) => volumeRecord({ nodeId, at: 5_000 + index }, { name: 'gv0', status: 1 }));
    const shuffled = [reports[2], reports[0], reports[2], reports[1], reports[0]] as RawPropertyChange[];
    const { steps, aggregate } = play(shuffled, created.aggregate);
    assert.equal(stateRecords(steps).length, 1);
    assert.equal(aggregate?.emitted?.state.status, 'STARTED');
    assert.equal(aggregate?.emitted?.state.nodesAgree, true);
  });

  test('a stale report (older observation) never overrides a newer one', () => {
    const created = play(snapshotOnAllNodes(1, 1_000));
    const stopped = volumeRecord({ nodeId: 'node-a', at: 9_000 }, { name: 'gv0', status: 2 });
    const lateStartedFromB = volumeRecord({ nodeId: 'node-b', at: 8_000 }, { name: 'gv0', status: 1 });
    const { aggregate, steps } = play([stopped, lateStartedFromB], created.aggregate);
    assert.equal(aggregate?.emitted?.state.status, 'STOPPED');
    assert.equal(stateRecords(steps).length, 1);
  });

  test('a re-snapshot after a producer reconnect causes no spurious change', () => {
    const created = play(snapshotOnAllNodes(1, 1_000));
    const resnapshot = volumeRecord({ nodeId: 'node-b', at: 20_000, kind: 'SNAPSHOT', sessionId: 'new-session' }, { name: 'gv0', id: ID, status: 1, brickcount: 2, bricks: ['srv1:/bricks/b1', 'srv2:/bricks/b2'] });
    const { steps } = play([resnapshot], created.aggregate);
    assert.deepEqual(stateRecords(steps), []);
  });

  test("the storaged module's swapped name/id values are detected and normalised", () => {
    const { aggregate } = play([volumeRecord({ nodeId: 'node-a', at: 1, kind: 'SNAPSHOT' }, { name: 'gv0', id: ID, status: 0, swapped: true })]);
    assert.equal(aggregate?.emitted?.key, 'gv0');
    assert.equal(aggregate?.emitted?.state.name, 'gv0');
    assert.equal(aggregate?.emitted?.state.id, ID);
    assert.equal(aggregate?.emitted?.state.nameIdSwapped, true);
  });

  test('a disagreement shows (and alerts) only after the grace, and resolves when the node catches up', () => {
    const created = play(snapshotOnAllNodes(0, 1_000));
    const a = volumeRecord({ nodeId: 'node-a', at: 5_000 }, { name: 'gv0', status: 1 });
    const b = volumeRecord({ nodeId: 'node-b', at: 5_001 }, { name: 'gv0', status: 1 });
    const afterB = play([a, b], created.aggregate);
    assert.equal(afterB.aggregate?.emitted?.state.nodesAgree, true, 'within the grace nobody disagrees yet');

    const late = tickVolume(afterB.aggregate as VolumeAggregate, 5_001 + SETTINGS.disagreementGraceMs, SETTINGS);
    assert.deepEqual(late.stateRecords.map((record) => record.value?.disagreeingNodes), [['node-c']]);
    assert.deepEqual(late.alerts.map((alert) => [alert.type, alert.state]), [['VOLUME_STATUS_DISAGREEMENT', 'RAISED']]);

    const again = tickVolume(late.aggregate as VolumeAggregate, 60_000, SETTINGS);
    assert.deepEqual(again.alerts, [], 'no storm: repeated evaluation raises nothing new');

    const caughtUp = applyVolumeRecord(again.aggregate as VolumeAggregate, volumeRecord({ nodeId: 'node-c', at: 61_000 }, { name: 'gv0', status: 1 }), 61_000, SETTINGS, reports);
    assert.equal(caughtUp.stateRecords[0]?.value?.nodesAgree, true);
    assert.deepEqual(caughtUp.alerts.map((alert) => [alert.type, alert.state]), [['VOLUME_STATUS_DISAGREEMENT', 'RESOLVED']]);
  });

  test('VOLUME_STOPPED is raised once and resolved when the volume starts again', () => {
    const created = play(snapshotOnAllNodes(1, 1_000));
    const stop = play(NODES.map((nodeId, index) => volumeRecord({ nodeId, at: 5_000 + index }, { name: 'gv0', status: 2 })), created.aggregate);
    assert.deepEqual(stop.steps.flatMap((step) => step.alerts).map((alert) => [alert.type, alert.state]), [['VOLUME_STOPPED', 'RAISED']]);
    const start = play(NODES.map((nodeId, index) => volumeRecord({ nodeId, at: 9_000 + index }, { name: 'gv0', status: 1 })), stop.aggregate);
    const resolved = start.steps.flatMap((step) => step.alerts);
    assert.deepEqual(resolved.map((alert) => [alert.type, alert.state, alert.resolvedAt]), [['VOLUME_STOPPED', 'RESOLVED', 9_000]]);
  });

  test('the volume is tombstoned once every node has removed it', () => {
    const created = play(snapshotOnAllNodes(2, 1_000));
    const removed = play(NODES.map((nodeId, index) => volumeRecord({ nodeId, at: 5_000 + index, kind: 'REMOVED' }, { name: 'gv0' })), created.aggregate);
    assert.equal(removed.aggregate, null);
    assert.deepEqual(stateRecords(removed.steps).slice(-1), [{ key: 'gv0', value: null }]);
    assert.equal(stateRecords(removed.steps).filter((record) => record.value === null).length, 1);
    assert.deepEqual(removed.steps.flatMap((step) => step.alerts).map((alert) => [alert.type, alert.state]), [['VOLUME_STOPPED', 'RESOLVED']]);
    assert.equal(volumePath('gv0'), '/org/storaged/Storaged/glusterfs/volume/gv0');
    assert.equal(reports.size, 0, "the nodes' reports go with the volume");
  });

  test("a node's report rewrites its own report and the aggregate, never the other nodes' reports", () => {
    const many = Array.from({ length: 200 }, (_, index) => `node-${String(index).padStart(3, '0')}`);
    const created = play(many.map((nodeId, index) => volumeRecord({ nodeId, at: 1_000 + index, kind: 'SNAPSHOT' }, { name: 'gv0', id: ID, status: 1 })));
    const before = created.aggregate as VolumeAggregate;
    assert.equal(before.emitted?.state.reportingNodes.length, 200);
    assert.equal(JSON.stringify(before).includes('node-100'), true, 'the reporting nodes are part of the published state');
    const step = applyVolumeRecord(before, volumeRecord({ nodeId: 'node-100', at: 9_000 }, { name: 'gv0', status: 1 }), 9_000, SETTINGS, reports);
    assert.deepEqual([...step.reports.keys()], ['node-100']);
    assert.deepEqual(step.stateRecords, [], 'an unchanged status changes nothing published');
    assert.equal(step.aggregate?.emitted?.state.reportingNodes, before.emitted?.state.reportingNodes, 'the reporting set is shared, not rebuilt');
  });

  test('a change of the cluster status re-evaluates every reporting node, and only then', () => {
    const created = play(snapshotOnAllNodes(1, 1_000));
    // node-c's own report still says started when the others report stopped: it disagrees from the status change on.
    const stop = play([volumeRecord({ nodeId: 'node-a', at: 5_000 }, { name: 'gv0', status: 2 })], created.aggregate);
    assert.deepEqual(Object.keys(stop.aggregate?.disagreeingSince ?? {}), ['node-b', 'node-c']);
    const late = tickVolume(stop.aggregate as VolumeAggregate, 5_000 + SETTINGS.disagreementGraceMs, SETTINGS);
    assert.deepEqual(late.stateRecords.map((record) => record.value?.disagreeingNodes), [['node-b', 'node-c']]);
  });
});
