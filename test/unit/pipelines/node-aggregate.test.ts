import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyNodeRecord, emptyNodeAggregate, tickNode, type NodeAggregate } from '../../../pipelines/node-state/node-aggregate.js';
import { GLUSTERD_INTERFACE, rawRecord, STORAGED } from '../../fixtures/raw-records.js';

const SETTINGS = { silenceTimeoutMs: 30_000, heartbeatPublishIntervalMs: 60_000 };
const heartbeat = (at: number) => rawRecord({ nodeId: 'n1', at, kind: 'HEARTBEAT', glusterUuid: 'u-1' }, { busName: '', objectPath: '/', interface: null });
const glusterd = (at: number, active: string) =>
  rawRecord({ nodeId: 'n1', at }, { busName: STORAGED, objectPath: '/org/storaged/Storaged/glusterfs/daemons/glusterd', interface: GLUSTERD_INTERFACE }, {
    LoadState: { signature: 's', value: 'loaded' },
    ActiveState: { signature: 's', value: active },
  });

describe('node state: liveness and glusterd', () => {
  test('silence is judged by event time: NODE_SILENT after the timeout, once; resolved by the next heartbeat', () => {
    let aggregate: NodeAggregate = emptyNodeAggregate('n1');
    for (const at of [0, 10_000, 20_000]) aggregate = applyNodeRecord(aggregate, heartbeat(at), at, SETTINGS).aggregate;
    assert.equal(aggregate.emitted?.liveness, 'LIVE');

    const stillLive = tickNode(aggregate, 50_000, SETTINGS);
    assert.deepEqual(stillLive.alerts, [], 'exactly at the timeout it is not yet silent');
    const silent = tickNode(stillLive.aggregate, 50_001, SETTINGS);
    assert.equal(silent.state?.liveness, 'SILENT');
    assert.deepEqual(silent.alerts.map((alert) => [alert.type, alert.state, alert.severity]), [['NODE_SILENT', 'RAISED', 'CRITICAL']]);
    assert.deepEqual(tickNode(silent.aggregate, 90_000, SETTINGS).alerts, [], 'no storm while it stays silent');

    const back = applyNodeRecord(silent.aggregate, heartbeat(95_000), 95_000, SETTINGS);
    assert.equal(back.state?.liveness, 'LIVE');
    assert.deepEqual(back.alerts.map((alert) => [alert.type, alert.state]), [['NODE_SILENT', 'RESOLVED']]);
  });

  test('a late heartbeat (older than the stream time by more than the timeout) does not revive the node', () => {
    let aggregate = applyNodeRecord(emptyNodeAggregate('n1'), heartbeat(0), 0, SETTINGS).aggregate;
    aggregate = tickNode(aggregate, 40_000, SETTINGS).aggregate;
    const late = applyNodeRecord(aggregate, heartbeat(5_000), 40_000, SETTINGS);
    assert.equal(late.aggregate.emitted?.liveness, 'SILENT');
  });

  test('heartbeats alone rewrite the state only every publish interval', () => {
    let aggregate: NodeAggregate = emptyNodeAggregate('n1');
    const written: number[] = [];
    for (let at = 0; at <= 130_000; at += 10_000) {
      const step = applyNodeRecord(aggregate, heartbeat(at), at, SETTINGS);
      if (step.state !== null) written.push(at);
      aggregate = step.aggregate;
    }
    assert.deepEqual(written, [0, 60_000, 120_000]);
  });

  test('GLUSTERD_DOWN while ActiveState is not active, resolved when it is again', () => {
    const up = applyNodeRecord(emptyNodeAggregate('n1'), glusterd(1_000, 'active'), 1_000, SETTINGS);
    assert.deepEqual(up.alerts, []);
    const down = applyNodeRecord(up.aggregate, glusterd(2_000, 'failed'), 2_000, SETTINGS);
    assert.deepEqual(down.alerts.map((alert) => [alert.type, alert.state, alert.nodeId]), [['GLUSTERD_DOWN', 'RAISED', 'n1']]);
    assert.equal(down.state?.glusterdActiveState, 'failed');
    const again = applyNodeRecord(down.aggregate, glusterd(2_500, 'inactive'), 2_500, SETTINGS);
    assert.deepEqual(again.alerts, []);
    const upAgain = applyNodeRecord(again.aggregate, glusterd(3_000, 'active'), 3_000, SETTINGS);
    assert.deepEqual(upAgain.alerts.map((alert) => [alert.type, alert.state]), [['GLUSTERD_DOWN', 'RESOLVED']]);
  });
});
