/**
 * What the producer counts. Injected so the service layer can back it with Prometheus (or
 * anything else, see {@link bindProducerMetrics} and the names in {@link PRODUCER_METRICS}) while
 * tests read plain numbers; the producer only ever increments and sets.
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

// A Record, so that a new kind cannot be forgotten here (the list pre-creates every label value).
const badInputKinds: Record<BadInputKind, true> = {
  'unexpected-type': true,
  'unknown-interface': true,
  oversize: true,
  unencodable: true,
  'malformed-signal': true,
  'odd-object-path': true,
  'snapshot-failed': true,
  'get-failed': true,
};
export const BAD_INPUT_KINDS = Object.freeze(Object.keys(badInputKinds) as BadInputKind[]);

/** `dbus`: a new bus connection or a new owner of a watched name; `kafka`: a delivery failure episode began. */
export type ReconnectTarget = 'dbus' | 'kafka';

const reconnectTargets: Record<ReconnectTarget, true> = { dbus: true, kafka: true };
export const RECONNECT_TARGETS = Object.freeze(Object.keys(reconnectTargets) as ReconnectTarget[]);

export interface ProducerMetrics {
  /** Records the broker acknowledged (acks=all), counted per acknowledged batch. */
  recordsProduced(count: number): void;
  /** Current undelivered bytes in the spool (entries including their 8-byte headers). */
  spooledBytes(bytes: number): void;
  /** Records lost: refused by a full spool, or too large even without their properties. */
  recordsDropped(count: number): void;
  badInput(kind: BadInputKind): void;
  reconnect(target: ReconnectTarget): void;
  /** Kafka refused this producer's user (an authorization error): an episode began; it needs an ACL, not a reconnect. */
  deliveryRefused(): void;
}
