import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readlinkSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { silentLogger } from '../../../src/logging/index.js';
import { openSpool, type Spool, type SpoolOptions } from '../../../src/producer/spool/spool.js';
import { tempDirs } from '../../helpers/temp-dirs.js';

const freshDir = tempDirs('spool-');
const open = (dir: string, overrides: Partial<SpoolOptions> = {}): Spool => openSpool({ dir, maxBytes: 1 << 20, logger: silentLogger, ...overrides });
const payload = (n: number): Buffer => Buffer.from(`record-${n}`);
const drain = (spool: Spool): string[] => {
  const seen: string[] = [];
  for (let batch = spool.read(7, 1 << 20); batch !== null; batch = spool.read(7, 1 << 20)) {
    seen.push(...batch.payloads.map(String));
    spool.commit(batch.end);
  }
  return seen;
};

describe('spool', () => {
  test('hands entries out in append order across segment rolls, and deletes delivered segments', () => {
    const dir = freshDir();
    const spool = open(dir, { segmentBytes: 100 });
    for (let n = 0; n < 50; n += 1) assert.equal(spool.append(payload(n)), true);
    assert.deepEqual(drain(spool), Array.from({ length: 50 }, (_, n) => `record-${n}`));
    assert.equal(spool.pendingBytes(), 0);
    assert.ok(readdirSync(dir).filter((name) => name.endsWith('.seg')).length <= 2);
    spool.close();
  });

  test('keeps at most one segment open for reading across rolls, and none after close', () => {
    const dir = freshDir();
    const openInDir = (): number => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
      } catch {
        return false;
      }
    }).length;
    const spool = open(dir, { segmentBytes: 100 });
    for (let n = 0; n < 50; n += 1) spool.append(payload(n));
    assert.equal(drain(spool).length, 50);
    assert.ok(openInDir() <= 3, `${openInDir()} files open (the active segment, the position file, one read segment)`);
    spool.close();
    assert.equal(openInDir(), 0);
  });

  test('read returns null when empty and entries appended later are still found', () => {
    const spool = open(freshDir());
    assert.equal(spool.read(10, 1000), null);
    spool.append(payload(1));
    assert.deepEqual(spool.read(10, 1000)?.payloads.map(String), ['record-1']);
    spool.close();
  });

  test('a reopened spool delivers exactly the uncommitted entries, in order', () => {
    const dir = freshDir();
    const first = open(dir, { segmentBytes: 64 });
    for (let n = 0; n < 20; n += 1) first.append(payload(n));
    const batch = first.read(5, 1 << 20);
    assert.ok(batch);
    first.commit(batch.end);
    first.read(5, 1 << 20); // handed out but never committed: must come back
    first.close();

    const second = open(dir, { segmentBytes: 64 });
    assert.equal(second.recovery.corruptEntries, 0);
    assert.deepEqual(drain(second), Array.from({ length: 15 }, (_, n) => `record-${n + 5}`));
    second.close();
  });

  test('rewind hands a failed batch out again', () => {
    const spool = open(freshDir());
    spool.append(payload(1));
    spool.append(payload(2));
    assert.deepEqual(spool.read(10, 1000)?.payloads.map(String), ['record-1', 'record-2']);
    spool.rewind();
    assert.deepEqual(drain(spool), ['record-1', 'record-2']);
    spool.close();
  });

  test('refuses appends past maxBytes and accepts them again once delivery frees space', () => {
    const spool = open(freshDir(), { maxBytes: 100 });
    const accepted = Array.from({ length: 10 }, (_, n) => spool.append(payload(n)));
    // each entry is 8 header bytes + 8 payload bytes: six fit in 100
    assert.deepEqual(accepted, [true, true, true, true, true, true, false, false, false, false]);
    assert.equal(spool.pendingBytes(), 96);
    const batch = spool.read(2, 1000);
    assert.ok(batch);
    spool.commit(batch.end);
    assert.equal(spool.append(payload(99)), true);
    assert.deepEqual(drain(spool), ['record-2', 'record-3', 'record-4', 'record-5', 'record-99']);
    spool.close();
  });

  test('a torn tail entry (crash mid-write) is cut off on reopen and the entries before it survive', () => {
    const dir = freshDir();
    const first = open(dir);
    for (let n = 0; n < 3; n += 1) first.append(payload(n));
    first.close();
    const segment = join(dir, readdirSync(dir).find((name) => name.endsWith('.seg')) ?? '');
    const whole = statSync(segment).size;
    appendFileSync(segment, Buffer.from([0, 0, 0, 50, 1, 2, 3, 4, 9, 9])); // header says 50 bytes, 2 follow

    const second = open(dir);
    assert.equal(second.recovery.corruptEntries, 1);
    assert.equal(statSync(segment).size, whole);
    second.append(payload(3));
    assert.deepEqual(drain(second), ['record-0', 'record-1', 'record-2', 'record-3']);
    second.close();
  });

  test('a tail entry with a bad checksum is discarded, not delivered', () => {
    const dir = freshDir();
    const first = open(dir);
    for (let n = 0; n < 3; n += 1) first.append(payload(n));
    first.close();
    const segment = join(dir, readdirSync(dir).find((name) => name.endsWith('.seg')) ?? '');
    const size = statSync(segment).size;
    truncateSync(segment, size - 1);
    appendFileSync(segment, Buffer.from('X')); // flips the last payload byte

    const second = open(dir);
    assert.equal(second.recovery.corruptEntries, 1);
    assert.deepEqual(drain(second), ['record-0', 'record-1']);
    second.close();
  });

  test('an unreadable committed position restarts from the oldest segment (re-delivery, never loss)', () => {
    const dir = freshDir();
    const first = open(dir);
    for (let n = 0; n < 3; n += 1) first.append(payload(n));
    const batch = first.read(1, 1000);
    assert.ok(batch);
    first.commit(batch.end);
    first.close();
    writeFileSync(join(dir, 'committed.pos'), 'garbage');
    const second = open(dir);
    assert.deepEqual(drain(second), ['record-0', 'record-1', 'record-2']);
    second.close();
  });
});
