import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { escapeObjectPathSegment } from '../../../src/dbus/index.js';
import { isErrorWithCode } from '../../../src/errors/index.js';
import { parseScenario } from '../../../src/simulator/index.js';

const demo = JSON.parse(readFileSync(new URL('../../../src/simulator/scenarios/demo.json', import.meta.url), 'utf8')) as { steps: unknown[] };

describe('escapeObjectPathSegment', () => {
  test('keeps [A-Za-z0-9_] and escapes every other byte as _xx', () => {
    assert.equal(escapeObjectPathSegment('srv1:/bricks/b1'), 'srv1_3a_2fbricks_2fb1');
    assert.equal(escapeObjectPathSegment('gv_0-a.b'), 'gv_0_2da_2eb');
    assert.equal(escapeObjectPathSegment('é'), '_c3_a9');
  });
});

describe('parseScenario', () => {
  test('accepts the demo scenario and applies defaults', () => {
    const scenario = parseScenario(demo, 'demo.json');
    assert.equal(scenario.nodes[0]?.drives[0]?.kind, 'ata');
    assert.ok(Object.isFrozen(scenario.steps));
  });

  test('a wrong type names the bad field in one line', () => {
    const bad = structuredClone(demo);
    bad.steps[5] = { at: 5000, node: 'node1', action: 'drive.smartFailing', drive: 'sda', failing: 'yes' };
    assert.throws(() => parseScenario(bad, 'bad.json'), (error: unknown) => {
      assert.ok(isErrorWithCode(error, 'SIMULATOR_SCENARIO_INVALID'));
      assert.match(error.message, /^invalid scenario bad\.json: steps\[5\]\.failing: .+$/);
      return true;
    });
  });

  test('unknown bricks, nodes and drives are rejected with their field', () => {
    const cases: [unknown, RegExp][] = [
      [{ action: 'volume.create', volume: 'v', bricks: ['srv9:/x'] }, /steps\[0\]\.bricks\[0\]: unknown brick srv9:\/x/],
      [{ action: 'node.lose', node: 'ghost' }, /steps\[0\]\.node: unknown node ghost/],
      [{ action: 'drive.temperature', node: 'node1', drive: 'sdz', celsius: 40 }, /steps\[0\]\.drive: unknown drive sdz/],
      [{ action: 'volume.explode', volume: 'v' }, /steps\[0\]\.action/],
      [{ action: 'brick.online', volume: 'v', brick: 'srv9:/x', online: false }, /steps\[0\]\.brick: unknown brick srv9:\/x/],
      [{ action: 'volume.create', volume: 'v', layout: { replica: 2, arbiter: 1 } }, /steps\[0\]\.layout: arbiter 1 needs replica 3/],
      [{ action: 'volume.create', volume: 'v', layout: { disperse: 6, redundancy: 3 } }, /steps\[0\]\.layout: disperse needs 1 <= redundancy < disperse\/2/],
    ];
    for (const [step, pattern] of cases) {
      assert.throws(() => parseScenario({ ...demo, steps: [step] }), pattern);
    }
  });

  test('the stacked layouts parse with their defaults, and LVM over an MD RAID1 array of one drive is rejected', () => {
    const node = (layout: unknown) => ({ id: 'n', glusterUuid: '11111111-1111-4111-8111-111111111111', hostname: 'h', drives: [{ device: 'sda', serial: 'A' }, { device: 'sdb', serial: 'B' }], bricks: [{ path: '/b', layout }] });
    const parsed = parseScenario({ nodes: [node({ type: 'lvm', drives: ['sda', 'sdb'] }), { ...node({ type: 'partition', drive: 'sda', luks: true }), id: 'm', hostname: 'i' }] });
    assert.deepEqual(parsed.nodes.map((parsedNode) => parsedNode.bricks[0]?.layout), [
      { type: 'lvm', drives: ['sda', 'sdb'], pvs: 'drive', vg: 'vg_bricks', filesystem: 'xfs' },
      { type: 'partition', drive: 'sda', number: 1, luks: true, filesystem: 'xfs' },
    ]);
    assert.throws(() => parseScenario({ nodes: [node({ type: 'lvm', drives: ['sda'], pvs: 'mdraid1' })] }), /nodes\[0\]\.bricks\[0\]\.layout\.drives: an MD RAID1 array under LVM needs at least two drives/);
  });
});
