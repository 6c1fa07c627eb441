/**
 * What the producer counts. Injected so the service layer can back it with Prometheus (or
 * anything else) while tests read plain numbers; the producer only ever increments and sets.
 */
export type BadInputKind =
  /** A known property arrived with another D-Bus type than its interface declares. */
  | 'unexpected-type'
  /** An interface of a watched service that no configured pattern matches (skipped). */
  | 'unknown-interface'
  /** A record too big for Kafka: its largest values were left out and named in `invalidated`. */
  | 'oversize'
  /** A value the Avro codec could not encode: left out and named in `invalidated`. */
  | 'unencodable'
  /** A signal whose body does not have the standard signature. */
  | 'malformed-signal'
  /** An object path outside the service's object-manager namespace (captured anyway). */
  | 'odd-object-path'
  /** GetManagedObjects answered with an error, or not in time. */
  | 'snapshot-failed'
  /** Properties.Get for an invalidated property failed (the name stays in `invalidated`). */
  | 'get-failed';

export type ReconnectTarget = 'dbus' | 'kafka';

export interface ProducerMetrics {
  /** Records the broker acknowledged. */
  recordsProduced(count: number): void;
  /** Current undelivered bytes in the spool. */
  spooledBytes(bytes: number): void;
  /** Records lost to a full spool. */
  recordsDropped(count: number): void;
  badInput(kind: BadInputKind): void;
  reconnect(target: ReconnectTarget): void;
}

export interface CountingMetrics extends ProducerMetrics {
  readonly counts: {
    produced: number;
    spooledBytes: number;
    dropped: number;
    badInput: Partial<Record<BadInputKind, number>>;
    reconnects: Partial<Record<ReconnectTarget, number>>;
  };
}

/** Plain in-memory counters: the default, logged periodically by the CLI and read by tests. */
export function createCountingMetrics(): CountingMetrics {
  const counts: CountingMetrics['counts'] = { produced: 0, spooledBytes: 0, dropped: 0, badInput: {}, reconnects: {} };
  return {
    counts,
    recordsProduced: (count) => void (counts.produced += count),
    spooledBytes: (bytes) => void (counts.spooledBytes = bytes),
    recordsDropped: (count) => void (counts.dropped += count),
    badInput: (kind) => void (counts.badInput[kind] = (counts.badInput[kind] ?? 0) + 1),
    reconnect: (target) => void (counts.reconnects[target] = (counts.reconnects[target] ?? 0) + 1),
  };
}
