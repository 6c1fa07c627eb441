import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProducerRegistry, startMetricsHttp } from '../../../src/service/index.js';

test("the producer's /metrics serves its counters (at 0 from the start) and its spool bound, then closes", async () => {
  const { registry, metrics } = createProducerRegistry({ spoolMaxBytes: 65_536 });
  const server = await startMetricsHttp({ host: '127.0.0.1', port: 0, registry, purpose: 'test', setting: '--metrics-port' });
  try {
    metrics.recordsDropped(2);
    metrics.spooledBytes(4096);
    const response = await fetch(`${server.localUrl}/metrics`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^gluster_eventing_producer_records_produced_total 0$/m);
    assert.match(text, /^gluster_eventing_producer_records_dropped_total 2$/m);
    assert.match(text, /^gluster_eventing_producer_spooled_bytes 4096$/m);
    assert.match(text, /^gluster_eventing_producer_spool_max_bytes 65536$/m);
    assert.match(text, /^gluster_eventing_producer_reconnects_total\{target="dbus"\} 0$/m);
    assert.match(text, /^process_start_time_seconds /m);
  } finally {
    await server.close();
  }
  await assert.rejects(fetch(`${server.localUrl}/metrics`));
});
