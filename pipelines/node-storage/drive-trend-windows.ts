import type { DriveState } from '../../src/serde/index.js';
import { sameValue, stringSerde, windowStore, type StoreSpec, type Windowed, type WindowStore } from '../../src/streams/index.js';
import { taggedJsonSerde } from '../internal-serde.js';
import {
  addCounterSample,
  addHeatSample,
  counterSample,
  driveTrendOf,
  HOT_REASON,
  NO_TREND,
  reportsOwnFailure,
  type CounterSpan,
  type DriveTrend,
  type DriveTrendSettings,
  type HeatSpan,
} from './drive-trend-rules.js';

/** Buckets per window: the resolution of "the value at the window's start" and of the hot time. */
const COUNTER_BUCKETS = 24;
const HEAT_BUCKETS = 12;
/** Bound on windows held (per task): ~40 per drive at the defaults, so 25,000 drives. */
const MAX_WINDOWS = 1_000_000;

/** The two window stores of the drive trend, by drive (storage entity key). */
export interface DriveTrendStores {
  readonly counters: StoreSpec<Windowed<string>, CounterSpan>;
  readonly heat: StoreSpec<Windowed<string>, HeatSpan>;
}

/**
 * The window stores for `settings`: SMART counters in tumbling buckets of 1/24 of the trend window
 * (first and last sample of each), temperatures in buckets of 1/12 of the temperature window (time
 * spent above the limit). Each keeps its window plus one bucket, so the bucket holding the
 * window's start is still there.
 */
export function driveTrendStores(settings: DriveTrendSettings): DriveTrendStores {
  const store = <V>(name: string, windowMs: number, buckets: number): StoreSpec<Windowed<string>, V> => {
    const bucketMs = Math.max(1, Math.floor(windowMs / buckets));
    return windowStore<string, V>(name, { keySerde: stringSerde, valueSerde: taggedJsonSerde<V>(), windowSizeMs: bucketMs, retentionMs: windowMs + bucketMs, maxEntries: MAX_WINDOWS });
  };
  return {
    counters: store<CounterSpan>('drive-trend-counters', settings.driveTrendWindowMs, COUNTER_BUCKETS),
    heat: store<HeatSpan>('drive-trend-heat', settings.driveTemperatureWindowMs, HEAT_BUCKETS),
  };
}

export interface DriveTrendWindows {
  readonly counters: WindowStore<string, CounterSpan>;
  readonly heat: WindowStore<string, HeatSpan>;
}

/**
 * Adds drive `key`'s sample (`state`, taken at `at`) to its windows and returns the trend over the
 * windows ending at `at`. While the drive itself reports failure (SmartFailing, an NVMe critical
 * warning) there is nothing left to predict: the samples are still kept, the trend is empty.
 * `previous` is the drive's last published state (for the temperature rule's hysteresis).
 */
export function observeDriveTrend(windows: DriveTrendWindows, key: string, state: DriveState, at: number, settings: DriveTrendSettings, previous?: DriveState): DriveTrend {
  // Before udisks has read SMART data (SmartUpdated 0) a sample knows nothing: it is not one.
  if (state.smartUpdatedAt === null) return NO_TREND;
  const counterStart = at - (at % windows.counters.windowSizeMs);
  const bucket = windows.counters.fetch(key, counterStart);
  const sample = counterSample(state);
  // Most refreshes repeat the bucket's latest counts: they would change only its time, which no rule reads.
  if (bucket === undefined || at < bucket.firstAt || !sameValue(bucket.last, sample)) windows.counters.put(key, addCounterSample(bucket, sample, at), counterStart);
  const heatStart = at - (at % windows.heat.windowSizeMs);
  // One read of the heat window serves both the previous sample (its latest bucket) and the rule.
  const spans = [...windows.heat.fetch(key, heatStart - settings.driveTemperatureWindowMs, heatStart)];
  const current = spans.at(-1)?.windowStart === heatStart ? spans.pop() : undefined;
  const heat = addHeatSample(current?.value, current?.value ?? spans.at(-1)?.value, state.temperatureCelsius, at, settings);
  if (heat !== undefined) windows.heat.put(key, heat, heatStart);
  if (reportsOwnFailure(state)) return NO_TREND;
  const counters = [...windows.counters.fetch(key, at - settings.driveTrendWindowMs, at)].map((entry) => entry.value);
  const hot = spans.filter((entry) => entry.windowStart >= at - settings.driveTemperatureWindowMs).map((entry) => entry.value);
  const now = heat ?? current?.value;
  if (now !== undefined) hot.push(now);
  const wasHot = previous?.degradingReasons.some((reason) => reason.startsWith(HOT_REASON)) ?? false;
  return driveTrendOf(counters, hot, settings, at, wasHot);
}
