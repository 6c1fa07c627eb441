import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLatencyLog } from '../../../src/producer/delivery/latency-log.js';
import { createRecordBuilder } from '../../../src/producer/records/record-builder.js';
import { createRecordCodec, packPayload } from '../../../src/producer/records/record-codec.js';

test('the latency log writes sequence, observedAt and ack time for every acknowledged record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latency-log-'));
  try {
    const codec = createRecordCodec();
    let now = 1_000;
    const build = createRecordBuilder({ nodeId: 'n1', glusterUuid: null, sessionId: 's1', clock: () => (now += 1) });
    const payload = (): Buffer => packPayload(codec.encode(build({ busName: '', objectPath: '/', interface: null, kind: 'HEARTBEAT', properties: {}, invalidated: [] })));
    const log = createLatencyLog({ path: join(dir, 'latency.tsv'), codec });
    log.observe([payload(), payload()], 1_010);
    log.observe([payload()], 1_020);
    await log.close();
    assert.equal(readFileSync(join(dir, 'latency.tsv'), 'utf8'), '0\t1001\t1010\n1\t1002\t1010\n2\t1003\t1020\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
