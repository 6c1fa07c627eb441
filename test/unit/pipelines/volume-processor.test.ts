import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NodeReport, VolumeAggregate } from '../../../pipelines/volume-state/volume-aggregate.js';
import { volumeLogic } from '../../../pipelines/volume-state/volume-processor.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import type { StreamRecord } from '../../../src/streams/index.js';
import { volumePath, volumeRecord } from '../../fixtures/raw-records.js';

const logic = volumeLogic({ disagreementGraceMs: 30_000 });
const noParts = { get: (): NodeReport | undefined => undefined };
const record = (value: RawPropertyChange): StreamRecord<string, RawPropertyChange> => ({ key: 'gv0', value, timestamp: value.observedAt, topic: 'volume-reports', partition: 0, offset: '0', headers: {} });

describe('volume processor: aggregates written by an older version', () => {
  test("an aggregate with every node's report inside is read as the current layout, its reports moved to their own entries", () => {
    const path = volumePath('gv0');
    const first = logic.apply(undefined, record(volumeRecord({ nodeId: 'node-a', at: 1_000, kind: 'SNAPSHOT' }, { name: 'gv0', status: 1 })), 1_000, noParts);
    const current = first.state as VolumeAggregate;
    const { absentNodes: _absent, ...rest } = current;
    const legacy = {
      ...rest,
      nodes: {
        'node-a': { statusCode: 1, observedAt: 1_000, present: true },
        'node-b': { statusCode: 1, observedAt: 1_001, present: false },
      },
    } as unknown as VolumeAggregate;
    const step = logic.apply(legacy, record(volumeRecord({ nodeId: 'node-c', at: 2_000 }, { name: 'gv0', status: 1 })), 2_000, noParts);
    const state = step.state as VolumeAggregate & { nodes?: unknown };
    assert.equal(state.nodes, undefined);
    assert.deepEqual(state.absentNodes, ['node-b']);
    assert.deepEqual([...(step.parts?.keys() ?? [])].sort(), [`${path}\u0000node-a`, `${path}\u0000node-b`, `${path}\u0000node-c`]);
    assert.deepEqual(state.emitted?.state.reportingNodes, ['node-a', 'node-c']);
  });
});
