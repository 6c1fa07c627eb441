import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BAD_INPUT_KINDS, bindProducerMetrics, createCountingMetrics, teeMetrics, type MetricDescriptor, type MetricFactory } from '../../../src/producer/index.js';

/** A metrics library in miniature: `name{label="value"}` → number. */
function recordingFactory(): { factory: MetricFactory; values: Map<string, number>; descriptors: MetricDescriptor[] } {
  const values = new Map<string, number>();
  const descriptors: MetricDescriptor[] = [];
  const key = (name: string, labels: Record<string, string>): string => `${name}${Object.entries(labels).map(([label, value]) => `{${label}="${value}"}`).join('')}`;
  const factory: MetricFactory = {
    counter(descriptor) {
      descriptors.push(descriptor);
      return { inc: (labels, value) => void values.set(key(descriptor.name, labels), (values.get(key(descriptor.name, labels)) ?? 0) + value) };
    },
    gauge(descriptor) {
      descriptors.push(descriptor);
      return { set: (labels, value) => void values.set(key(descriptor.name, labels), value) };
    },
  };
  return { factory, values, descriptors };
}

describe('producer metrics', () => {
  test('binding creates every documented metric under its Prometheus name, with every label value at 0', () => {
    const { factory, values, descriptors } = recordingFactory();
    bindProducerMetrics(factory, { spoolMaxBytes: 1024 });
    assert.deepEqual(descriptors.map((descriptor) => [descriptor.name, descriptor.type]), [
      ['gluster_eventing_producer_records_produced_total', 'counter'],
      ['gluster_eventing_producer_spooled_bytes', 'gauge'],
      ['gluster_eventing_producer_spool_max_bytes', 'gauge'],
      ['gluster_eventing_producer_records_dropped_total', 'counter'],
      ['gluster_eventing_producer_bad_input_total', 'counter'],
      ['gluster_eventing_producer_reconnects_total', 'counter'],
      ['gluster_eventing_producer_delivery_refused_total', 'counter'],
    ]);
    assert.equal(values.get('gluster_eventing_producer_bad_input_total{kind="get-failed"}'), 0);
    assert.equal(values.get('gluster_eventing_producer_reconnects_total{target="kafka"}'), 0);
    assert.equal(values.get('gluster_eventing_producer_spool_max_bytes'), 1024, 'the bound, for alerts on a filling spool');
    assert.equal([...values.keys()].filter((name) => name.includes('bad_input')).length, BAD_INPUT_KINDS.length);
  });

  test('bound metrics add and set; a tee feeds counting metrics and the binding alike', () => {
    const { factory, values } = recordingFactory();
    const counting = createCountingMetrics();
    const metrics = teeMetrics(counting, bindProducerMetrics(factory));
    metrics.recordsProduced(3);
    metrics.recordsProduced(2);
    metrics.spooledBytes(100);
    metrics.spooledBytes(40);
    metrics.recordsDropped(1);
    metrics.badInput('oversize');
    metrics.reconnect('dbus');
    metrics.deliveryRefused();
    assert.equal(values.get('gluster_eventing_producer_delivery_refused_total'), 1);
    assert.equal(values.get('gluster_eventing_producer_records_produced_total'), 5);
    assert.equal(values.get('gluster_eventing_producer_spooled_bytes'), 40);
    assert.equal(values.get('gluster_eventing_producer_records_dropped_total'), 1);
    assert.equal(values.get('gluster_eventing_producer_bad_input_total{kind="oversize"}'), 1);
    assert.equal(values.get('gluster_eventing_producer_reconnects_total{target="dbus"}'), 1);
    assert.deepEqual(counting.counts, { produced: 5, spooledBytes: 40, dropped: 1, badInput: { oversize: 1 }, reconnects: { dbus: 1 }, deliveryRefused: 1 });
  });
});
