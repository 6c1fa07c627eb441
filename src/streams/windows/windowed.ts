/**
 * A time window `[start, end)` in event-time milliseconds (Kafka Streams' `TimeWindow`: the start is
 * inclusive, the end exclusive).
 */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * A key of a windowed result (Kafka Streams' `Windowed<K>`): the record key and the window the
 * result belongs to. A windowed aggregation's table is keyed by it: one row per key and window.
 *
 * @example { key: 'sda', window: { start: 3_600_000, end: 7_200_000 } }
 */
export interface Windowed<K> {
  readonly key: K;
  readonly window: Window;
}

/** Builds a `Windowed` key for the window of `sizeMs` starting at `start`. */
export function windowed<K>(key: K, start: number, sizeMs: number): Windowed<K> {
  return { key, window: { start, end: start + sizeMs } };
}
