import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openCommittedPosition } from '../../../src/producer/spool/committed-position.js';
import { tempDirs } from '../../helpers/temp-dirs.js';

const freshDir = tempDirs('committed-');

test('a fresh directory has no position; the newest written one is read back after reopening', () => {
  const dir = freshDir();
  const first = openCommittedPosition(dir);
  assert.equal(first.initial, null);
  for (let offset = 1; offset <= 5; offset += 1) first.write({ segment: 2, offset: offset * 100 });
  first.close();
  const second = openCommittedPosition(dir);
  assert.deepEqual(second.initial, { segment: 2, offset: 500 });
  second.write({ segment: 3, offset: 0 });
  second.close();
  assert.deepEqual(openCommittedPosition(dir).initial, { segment: 3, offset: 0 });
});

test('a torn newest slot falls back to the position before it', () => {
  const dir = freshDir();
  const file = openCommittedPosition(dir);
  file.write({ segment: 0, offset: 10 }); // generation 1, slot 1
  file.write({ segment: 0, offset: 20 }); // generation 2, slot 0
  file.close();
  const bytes = readFileSync(join(dir, 'committed.pos'));
  bytes[20] = (bytes[20] ?? 0) ^ 0xff; // slot 0's offset, as a power loss mid-write could leave it
  writeFileSync(join(dir, 'committed.pos'), bytes);
  assert.deepEqual(openCommittedPosition(dir).initial, { segment: 0, offset: 10 });
});

test('garbage gives no position (the spool then starts at its oldest segment: re-delivery, never loss)', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'committed.pos'), 'garbage that is long enough to fill both of the slots here');
  assert.equal(openCommittedPosition(dir).initial, null);
});

test('the committed.json of an earlier version is read, and removed once a new position is written', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'committed.json'), JSON.stringify({ segment: 4, offset: 96 }));
  const file = openCommittedPosition(dir);
  assert.deepEqual(file.initial, { segment: 4, offset: 96 });
  file.write({ segment: 4, offset: 128 });
  file.close();
  assert.equal(existsSync(join(dir, 'committed.json')), false);
  assert.deepEqual(openCommittedPosition(dir).initial, { segment: 4, offset: 128 });
});

test('a write after close changes nothing', () => {
  const dir = freshDir();
  const file = openCommittedPosition(dir);
  file.write({ segment: 0, offset: 8 });
  file.close();
  file.write({ segment: 0, offset: 16 });
  assert.deepEqual(openCommittedPosition(dir).initial, { segment: 0, offset: 8 });
});
