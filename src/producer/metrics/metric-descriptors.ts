/** One exported metric: Prometheus naming (snake case, `_total` on counters, base units). */
export interface MetricDescriptor {
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  readonly help: string;
  /** Label names; every value of each is created at bind time so `rate()` sees a 0 before the first event. */
  readonly labelNames: readonly string[];
}

/**
 * The producer's metrics, by the {@link ProducerMetrics} method that feeds each. These names are
 * the operator-facing contract (dashboards, alerts): rename only with a deprecation.
 *
 * | name | type | labels | meaning |
 * |---|---|---|---|
 * | `gluster_eventing_producer_records_produced_total` | counter | | records the broker acknowledged (acks=all) |
 * | `gluster_eventing_producer_spooled_bytes` | gauge | | undelivered bytes in the on-disk spool |
 * | `gluster_eventing_producer_spool_max_bytes` | gauge | | the spool's bound (`--spool-max-bytes`); 0 until set |
 * | `gluster_eventing_producer_records_dropped_total` | counter | | records lost (full spool, or too large) |
 * | `gluster_eventing_producer_bad_input_total` | counter | `kind` | bad D-Bus input, by {@link BadInputKind} |
 * | `gluster_eventing_producer_reconnects_total` | counter | `target` | `dbus` reconnects/new owners, `kafka` failure episodes |
 * | `gluster_eventing_producer_delivery_refused_total` | counter | | episodes of Kafka refusing the producer's user (missing ACL) |
 *
 * Alert on `records_dropped_total` increasing (data was lost, a re-snapshot follows) and on
 * `spooled_bytes` approaching `--spool-max-bytes` (Kafka has been away for a while).
 */
export const PRODUCER_METRICS = Object.freeze({
  recordsProduced: { name: 'gluster_eventing_producer_records_produced_total', type: 'counter', help: 'Records the broker acknowledged (acks=all).', labelNames: [] },
  spooledBytes: { name: 'gluster_eventing_producer_spooled_bytes', type: 'gauge', help: 'Undelivered bytes in the on-disk spool.', labelNames: [] },
  spoolMaxBytes: { name: 'gluster_eventing_producer_spool_max_bytes', type: 'gauge', help: 'The spool bound (--spool-max-bytes): past it new records are dropped.', labelNames: [] },
  recordsDropped: { name: 'gluster_eventing_producer_records_dropped_total', type: 'counter', help: 'Records lost to a full spool or too large to send.', labelNames: [] },
  badInput: { name: 'gluster_eventing_producer_bad_input_total', type: 'counter', help: 'Bad D-Bus input seen, by kind.', labelNames: ['kind'] },
  reconnects: { name: 'gluster_eventing_producer_reconnects_total', type: 'counter', help: 'D-Bus reconnects or new owners of a watched name, and Kafka delivery failure episodes.', labelNames: ['target'] },
  deliveryRefused: { name: 'gluster_eventing_producer_delivery_refused_total', type: 'counter', help: "Episodes of Kafka refusing the producer's user (an authorization error: a missing ACL).", labelNames: [] },
} as const satisfies Record<string, MetricDescriptor>);
