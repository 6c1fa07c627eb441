import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { redundancySets, type SetTemplate } from '../../../pipelines/volume-risk/redundancy-sets.js';
import { assessSet, setAvailable } from '../../../pipelines/volume-risk/set-risk.js';
import type { BrickCondition, VolumeLayout } from '../../../src/serde/index.js';

const layout = (type: string, replicaCount: number, arbiterCount = 0, disperseCount = 0, redundancyCount = 0): VolumeLayout => ({ type, replicaCount, arbiterCount, disperseCount, redundancyCount });
const bricks = (count: number): string[] => Array.from({ length: count }, (_, index) => `n${(index % 3) + 1}:/bricks/b${index}`);
const only = (sets: SetTemplate[] | null): SetTemplate => sets?.[0] ?? assert.fail('no set');
const conditions = (text: string): BrickCondition[] => [...text].map((letter) => ({ U: 'UP', T: 'THREATENED', D: 'DOWN' })[letter] as BrickCondition);

const REPLICA3 = only(redundancySets(layout('Replicate', 3), bricks(3)));
const ARBITER = only(redundancySets(layout('Replicate', 3, 1), bricks(3)));
const REPLICA2 = only(redundancySets(layout('Replicate', 2), bricks(2)));
const DISPERSE = only(redundancySets(layout('Disperse', 1, 0, 6, 2), bricks(6)));
const DISTRIBUTE = only(redundancySets(layout('Distribute', 1), bricks(1)));

describe('redundancy sets from the layout (as gluster volume info --xml gives it)', () => {
  test('replica sets are runs of replicaCount bricks; with an arbiter the last of each is the arbiter', () => {
    const sets = redundancySets(layout('Distributed-Replicate', 3, 1), bricks(6)) ?? assert.fail();
    assert.deepEqual(sets.map((set) => [set.index, set.kind, set.bricks.map((brick) => brick.role).join(',')]), [
      [0, 'REPLICA', 'DATA,DATA,ARBITER'],
      [1, 'REPLICA', 'DATA,DATA,ARBITER'],
    ]);
    assert.deepEqual(sets[1]?.bricks.map((brick) => brick.name), bricks(6).slice(3));
  });

  test('disperse sets are runs of disperseCount bricks with their redundancy; distribute bricks stand alone', () => {
    assert.deepEqual(redundancySets(layout('Distributed-Disperse', 1, 0, 6, 2), bricks(12))?.map((set) => [set.kind, set.bricks.length, set.redundancy]), [['DISPERSE', 6, 2], ['DISPERSE', 6, 2]]);
    assert.deepEqual(redundancySets(layout('Distribute', 1), bricks(3))?.map((set) => [set.kind, set.bricks.length]), [['DISTRIBUTE', 1], ['DISTRIBUTE', 1], ['DISTRIBUTE', 1]]);
  });

  test('a brick list that does not divide into whole sets (an add-brick half seen), or a nonsense disperse layout, is no layout', () => {
    assert.equal(redundancySets(layout('Replicate', 3), bricks(4)), null);
    assert.equal(redundancySets(layout('Replicate', 3), []), null);
    assert.equal(redundancySets(layout('Disperse', 1, 0, 6, 3), bricks(6)), null);
  });
});

describe('a set\'s level for every volume type', () => {
  const cases: [string, SetTemplate, string, string, number][] = [
    // [what, set, conditions (U up, T threatened, D down), level, tolerates]
    ['replica 3, all up: survives one failure (client quorum auto needs 2 of 3)', REPLICA3, 'UUU', 'HEALTHY', 1],
    ['replica 3, one brick down: the next failure loses quorum', REPLICA3, 'UUD', 'AT_RISK', 0],
    ['replica 3, one brick on a failing drive: counted as failed for the margin', REPLICA3, 'UTU', 'AT_RISK', 0],
    ['replica 3, one down and one on a failing drive: still serving', REPLICA3, 'DTU', 'AT_RISK', 0],
    ['replica 3, two down: no quorum', REPLICA3, 'DDU', 'UNAVAILABLE', 0],
    ['arbiter, all up', ARBITER, 'UUU', 'HEALTHY', 1],
    ['arbiter, a data brick down', ARBITER, 'DUU', 'AT_RISK', 0],
    ['arbiter, the arbiter down', ARBITER, 'UUD', 'AT_RISK', 0],
    ['arbiter, both data bricks down: the arbiter holds no data', ARBITER, 'DDU', 'UNAVAILABLE', 0],
    ['replica 2, all up: no margin by design (quorum auto: half needs the first brick)', REPLICA2, 'UU', 'HEALTHY', 0],
    ['replica 2, the second brick down: the first alone keeps quorum', REPLICA2, 'UD', 'AT_RISK', 0],
    ['replica 2, the first brick down: read-only', REPLICA2, 'DU', 'UNAVAILABLE', 0],
    ['disperse 4+2, all up', DISPERSE, 'UUUUUU', 'HEALTHY', 2],
    ['disperse 4+2, one down: degraded, one more survivable', DISPERSE, 'UUDUUU', 'DEGRADED', 1],
    ['disperse 4+2, one down and one on a failing drive', DISPERSE, 'UUDUTU', 'AT_RISK', 0],
    ['disperse 4+2, two down', DISPERSE, 'DUDUUU', 'AT_RISK', 0],
    ['disperse 4+2, three down: fewer than the 4 data fragments', DISPERSE, 'DUDUDU', 'UNAVAILABLE', 0],
    ['distribute, up', DISTRIBUTE, 'U', 'HEALTHY', 0],
    ['distribute, on a failing drive', DISTRIBUTE, 'T', 'AT_RISK', 0],
    ['distribute, down', DISTRIBUTE, 'D', 'UNAVAILABLE', 0],
  ];
  for (const [what, set, text, level, tolerates] of cases) {
    test(what, () => {
      const assessment = assessSet(set, conditions(text));
      assert.deepEqual([assessment.level, assessment.tolerates], [level, tolerates]);
    });
  }
});

/** Every way to pick `size` of `items`. */
function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...subsets(rest, size - 1).map((subset) => [first, ...subset]), ...subsets(rest, size)];
}

const anySet = fc.oneof(
  fc.record({ replica: fc.integer({ min: 2, max: 5 }), arbiter: fc.boolean() }).map(({ replica, arbiter }) => only(redundancySets(layout('Replicate', replica, arbiter && replica === 3 ? 1 : 0), bricks(replica)))),
  fc.integer({ min: 3, max: 12 }).chain((size) => fc.integer({ min: 1, max: Math.floor((size - 1) / 2) }).map((redundancy) => only(redundancySets(layout('Disperse', 1, 0, size, redundancy), bricks(size))))),
  fc.constant(DISTRIBUTE),
);
const setWithConditions = anySet.chain((set) => fc.array(fc.constantFrom<BrickCondition>('UP', 'THREATENED', 'DOWN'), { minLength: set.bricks.length, maxLength: set.bricks.length }).map((states) => ({ set, states })));

describe('a set never claims more redundancy than it has (checked against every failure combination)', () => {
  test('removing any `tolerates` healthy bricks, after the threatened ones failed, leaves the set available; one more can break it', () => {
    fc.assert(
      fc.property(setWithConditions, ({ set, states }) => {
        const { level, tolerates, designedTolerance } = assessSet(set, states);
        assert.ok(tolerates >= 0 && tolerates <= designedTolerance, `tolerates ${tolerates} within 0..${designedTolerance}`);
        const healthy = states.flatMap((state, position) => (state === 'UP' ? [position] : []));
        const survives = (failed: readonly number[]): boolean => setAvailable(set, states.map((_, position) => healthy.includes(position) && !failed.includes(position)));
        assert.equal(level === 'UNAVAILABLE', !setAvailable(set, states.map((state) => state !== 'DOWN')), 'UNAVAILABLE exactly when the bricks up cannot serve');
        assert.equal(level === 'HEALTHY', states.every((state) => state === 'UP'), 'HEALTHY exactly when every brick is up on healthy drives');
        if (level === 'UNAVAILABLE') return;
        if (level === 'AT_RISK') {
          // No margin: once the threatened bricks fail, some single further failure (or none) loses it.
          assert.ok(!survives([]) || healthy.some((position) => !survives([position])), 'AT_RISK has no margin');
          return;
        }
        for (const failed of subsets(healthy, tolerates)) assert.ok(survives(failed), `survives the loss of ${failed.join(',')}`);
        assert.ok(subsets(healthy, tolerates + 1).some((failed) => !survives(failed)), 'and the margin is exact');
      }),
      { numRuns: 2_000 },
    );
  });

  test('the check can fail: a set that claimed one more failure than it survives is caught', () => {
    const claimed = assessSet(REPLICA3, conditions('UUD')).tolerates + 1;
    const healthy = [0, 1];
    assert.ok(subsets(healthy, claimed).some((failed) => !setAvailable(REPLICA3, [0, 1, 2].map((position) => healthy.includes(position) && !failed.includes(position)))));
  });
});
