import { TopologyError } from '../errors/index.js';
import type { Window } from './windowed.js';

/**
 * Fixed-size windows aligned to the epoch (Kafka Streams' `TimeWindows`): tumbling when they advance
 * by their size (the default), hopping when `advanceBy` a smaller step, so that a record falls in
 * `size / advance` windows. A window `[start, start + size)` accepts records until stream time
 * passes `end + grace`; a record for a window closed by then is late, dropped and counted.
 *
 * @example
 * TimeWindows.ofSizeWithNoGrace(60_000)                             // tumbling 1 min windows
 * TimeWindows.ofSizeAndGrace(3_600_000, 60_000).advanceBy(600_000)   // 1 h windows every 10 min, 1 min grace
 */
export class TimeWindows {
  readonly sizeMs: number;
  readonly advanceMs: number;
  readonly graceMs: number;

  private constructor(sizeMs: number, advanceMs: number, graceMs: number) {
    if (!Number.isSafeInteger(sizeMs) || sizeMs <= 0) throw new TopologyError(`a window size must be a positive whole number of ms, got ${sizeMs}`);
    if (!Number.isSafeInteger(advanceMs) || advanceMs <= 0 || advanceMs > sizeMs) throw new TopologyError(`a window advance must be in (0, size=${sizeMs}] ms, got ${advanceMs}`);
    if (!Number.isSafeInteger(graceMs) || graceMs < 0) throw new TopologyError(`a window grace must be a whole number of ms >= 0, got ${graceMs}`);
    this.sizeMs = sizeMs;
    this.advanceMs = advanceMs;
    this.graceMs = graceMs;
  }

  /** Tumbling windows of `sizeMs` that close at their end: any out-of-order record of a closed window is dropped. */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return new TimeWindows(sizeMs, sizeMs, 0);
  }

  /** Tumbling windows of `sizeMs` that still accept records until stream time passes their end by `graceMs`. */
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** The same windows, hopping: a new one starts every `advanceMs` (at most the size). */
  advanceBy(advanceMs: number): TimeWindows {
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  /** Every window that contains `timestamp`, oldest first (none start before 0, as in Kafka Streams). */
  windowsFor(timestamp: number): Window[] {
    const windows: Window[] = [];
    const first = Math.max(0, timestamp - this.sizeMs + this.advanceMs);
    for (let start = first - (first % this.advanceMs); start <= timestamp; start += this.advanceMs) windows.push({ start, end: start + this.sizeMs });
    return windows;
  }

  /** How long a window store must keep windows for these: their size plus their grace (Kafka Streams' minimum retention). */
  get minimumRetentionMs(): number {
    return this.sizeMs + this.graceMs;
  }
}
