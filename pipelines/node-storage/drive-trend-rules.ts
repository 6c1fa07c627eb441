import type { DriveState } from '../../src/serde/index.js';

/** The trend rules' tunables (`PipelineSettings`, validated at the edge). */
export interface DriveTrendSettings {
  readonly temperatureHighCelsius: number;
  readonly driveTrendWindowMs: number;
  readonly driveBadSectorGrowth: number;
  readonly driveTemperatureWindowMs: number;
  readonly driveTemperatureSustainedRatio: number;
}

/** The SMART counters of one sample that only ever grow on a wearing drive (udisks Drive.Ata). */
export interface CounterSample {
  readonly badSectors: number | null;
  readonly attributesFailing: number | null;
  readonly attributesFailedInThePast: number | null;
  readonly selftestStatus: string | null;
}

/** One bucket of the counters window: its earliest and latest sample (by event time). */
export interface CounterSpan {
  readonly firstAt: number;
  readonly first: CounterSample;
  readonly lastAt: number;
  readonly last: CounterSample;
}

/**
 * One bucket of the temperature window: how long the drive was above the limit in it (a sample's
 * temperature holds until the next sample), its hottest sample, and the latest sample to continue from.
 */
export interface HeatSpan {
  readonly hotMs: number;
  readonly maxCelsius: number | null;
  readonly lastAt: number;
  readonly lastHot: boolean;
}

/** What the trend says about a drive now: nothing (`reasons` empty), or why it is degrading, with evidence. */
export interface DriveTrend {
  readonly reasons: readonly string[];
  readonly evidence: Readonly<Record<string, string>>;
}

/** How a temperature reason starts: the previous state's reasons say whether the rule held (see `wasHot`). */
export const HOT_REASON = 'above ';

export const NO_TREND: DriveTrend = Object.freeze({ reasons: [], evidence: {} });

/** udisks' SmartSelftestStatus values that mean the last self-test found a fault (not success, aborted, interrupted, inprogress). */
export const FAILED_SELFTEST = new Set(['fatal', 'error_unknown', 'error_electrical', 'error_servo', 'error_read', 'error_handling']);

export function counterSample(state: DriveState): CounterSample {
  return { badSectors: state.badSectors, attributesFailing: state.attributesFailing, attributesFailedInThePast: state.attributesFailedInThePast, selftestStatus: state.selftestStatus };
}

/** `span` with the sample taken at `at` added (samples may arrive out of order: first and last go by event time). */
export function addCounterSample(span: CounterSpan | undefined, sample: CounterSample, at: number): CounterSpan {
  if (span === undefined) return { firstAt: at, first: sample, lastAt: at, last: sample };
  return {
    ...(at < span.firstAt ? { firstAt: at, first: sample } : { firstAt: span.firstAt, first: span.first }),
    ...(at >= span.lastAt ? { lastAt: at, last: sample } : { lastAt: span.lastAt, last: span.last }),
  };
}

/**
 * `span` with a temperature sample at `at` added. The time since the previous sample (`previous`,
 * the latest sample before this one, possibly of an earlier bucket) counts as hot when that sample
 * was hot; an out-of-order sample adds no time. Undefined when there is nothing to record: a cool
 * sample after a cool one changes no hot time, so a drive that stays cool writes no heat windows.
 */
export function addHeatSample(span: HeatSpan | undefined, previous: HeatSpan | undefined, celsius: number | null, at: number, settings: DriveTrendSettings): HeatSpan | undefined {
  const hot = celsius !== null && celsius > settings.temperatureHighCelsius;
  const since = previous !== undefined && previous.lastAt < at ? previous : undefined;
  const credited = since?.lastHot === true ? Math.min(at - since.lastAt, settings.driveTemperatureWindowMs) : 0;
  if (!hot && credited === 0 && span?.lastHot !== true) return undefined;
  const maxCelsius = celsius === null ? (span?.maxCelsius ?? null) : Math.max(celsius, span?.maxCelsius ?? celsius);
  if (span !== undefined && at < span.lastAt) return { ...span, maxCelsius };
  return { hotMs: (span?.hotMs ?? 0) + credited, maxCelsius, lastAt: at, lastHot: hot };
}

/** The drive itself reports failure: SmartFailing (ATA) or an NVMe critical warning. Then DRIVE_SMART_FAILING speaks, not a prediction. */
export function reportsOwnFailure(state: DriveState): boolean {
  return state.smartFailing === true || state.nvmeCriticalWarnings.length > 0;
}

/**
 * The trend rules over the windows ending at `now` (docs/drive-prediction.md). `counters` are the
 * counter window's buckets, oldest first; `heat` the temperature window's. Each rule that holds
 * adds a reason and its evidence (values at the window's start and end):
 * - bad sectors (pending + reallocated) grew by at least `driveBadSectorGrowth`;
 * - failing attributes, or attributes that failed in the past, grew;
 * - the last self-test newly failed (it had not at the window's start);
 * - the drive was above the temperature limit for `driveTemperatureSustainedRatio` of the temperature
 *   window; once raised (`wasHot`), the rule holds until a whole window passes below the limit, so
 *   that a drive hovering about the ratio does not raise and resolve by turns.
 */
export function driveTrendOf(counters: readonly CounterSpan[], heat: readonly HeatSpan[], settings: DriveTrendSettings, now: number, wasHot = false): DriveTrend {
  const reasons: string[] = [];
  const evidence: Record<string, string> = {};
  const first = counters[0];
  if (first !== undefined) {
    const window = `within ${duration(settings.driveTrendWindowMs)}`;
    const grew = (field: 'badSectors' | 'attributesFailing' | 'attributesFailedInThePast', by: number, what: string): void => {
      const [from, to] = [earliestKnown(counters, field), latestKnown(counters, field)];
      if (from === null || to === null || to - from < by) return;
      reasons.push(`${what} grew from ${from} to ${to} ${window}`);
      evidence[`${field}AtWindowStart`] = String(from);
      evidence[`${field}AtWindowEnd`] = String(to);
    };
    grew('badSectors', settings.driveBadSectorGrowth, 'bad sectors');
    grew('attributesFailing', 1, 'failing SMART attributes');
    grew('attributesFailedInThePast', 1, 'SMART attributes that failed in the past');
    const [before, after] = [earliestKnown(counters, 'selftestStatus'), latestKnown(counters, 'selftestStatus')];
    if (after !== null && FAILED_SELFTEST.has(after) && (before === null || !FAILED_SELFTEST.has(before))) {
      reasons.push(`the last self-test failed (${after}; ${before ?? 'unknown'} at the window's start)`);
      evidence['selftestStatusAtWindowStart'] = before ?? 'unknown';
      evidence['selftestStatusAtWindowEnd'] = after;
    }
    if (reasons.length > 0) {
      evidence['windowStart'] = new Date(first.firstAt).toISOString();
      evidence['windowEnd'] = new Date(now).toISOString();
    }
  }
  const hotMs = heat.reduce((total, span) => total + span.hotMs, 0);
  if (hotMs >= settings.driveTemperatureSustainedRatio * settings.driveTemperatureWindowMs || (wasHot && hotMs > 0)) {
    const hottest = Math.max(...heat.map((span) => span.maxCelsius ?? Number.NEGATIVE_INFINITY));
    reasons.push(`${HOT_REASON}${settings.temperatureHighCelsius} °C for ${duration(hotMs)} of the last ${duration(settings.driveTemperatureWindowMs)} (up to ${hottest} °C)`);
    evidence['hotMinutes'] = String(Math.round(hotMs / 60_000));
    evidence['temperatureWindowMinutes'] = String(Math.round(settings.driveTemperatureWindowMs / 60_000));
    evidence['maxTemperatureCelsius'] = String(hottest);
    evidence['thresholdCelsius'] = String(settings.temperatureHighCelsius);
  }
  return reasons.length === 0 ? NO_TREND : { reasons, evidence };
}

/** A field's value in the window's earliest sample that knows it (udisks reports -1, here null, until it has read SMART data). */
function earliestKnown<F extends keyof CounterSample>(spans: readonly CounterSpan[], field: F): CounterSample[F] | null {
  for (const span of spans) {
    for (const sample of [span.first, span.last]) if (sample[field] !== null) return sample[field];
  }
  return null;
}

/** A field's value in the window's latest sample that knows it. */
function latestKnown<F extends keyof CounterSample>(spans: readonly CounterSpan[], field: F): CounterSample[F] | null {
  for (let index = spans.length - 1; index >= 0; index--) {
    const span = spans[index] as CounterSpan;
    for (const sample of [span.last, span.first]) if (sample[field] !== null) return sample[field];
  }
  return null;
}

/** `90 min`, `24 h`, `7 d`: the way an operator reads a window. */
function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(ms / 3_600_000);
  return hours % 24 === 0 && hours >= 48 ? `${hours / 24} d` : `${hours} h`;
}
