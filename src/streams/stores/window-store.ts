import { StoreFullError } from '../errors/index.js';
import { windowed, type Windowed } from '../windows/windowed.js';
import { keyId, type StoreJournal, type StoreSpec } from './store-spec.js';

/** One window of one key, as `fetch` yields it (Kafka Streams' `KeyValue<Long, V>` of a `WindowStoreIterator`). */
export interface WindowEntry<V> {
  readonly windowStart: number;
  readonly value: V;
}

/** Read side of a window store: what an interactive query or a reading processor needs. */
export interface ReadOnlyWindowStore<K, V> {
  readonly name: string;
  readonly windowSizeMs: number;
  readonly retentionMs: number;
  /** Windows held across all keys. */
  readonly size: number;
  /** The value of `key`'s window starting at `windowStart`, unless absent or expired. */
  fetch(key: K, windowStart: number): V | undefined;
  /** `key`'s windows whose start lies in `[timeFrom, timeTo]`, oldest first (expired ones left out). */
  fetch(key: K, timeFrom: number, timeTo: number): IterableIterator<WindowEntry<V>>;
  /** Every key's windows whose start lies in `[timeFrom, timeTo]`, by window start, then in insertion order. */
  fetchAll(timeFrom: number, timeTo: number): IterableIterator<readonly [Windowed<K>, V]>;
  /** Every window held, by window start. */
  all(): IterableIterator<readonly [Windowed<K>, V]>;
}

/**
 * In-memory window store, change-logged (Kafka Streams' `WindowStore` over `InMemoryWindowStore`):
 * one value per key and window start. Its stream time is the newest window start put; a window whose
 * start is `retentionMs` or more behind it is expired: dropped from reads, deleted with a tombstone
 * in the changelog (so that compaction forgets it), and a put into it is ignored. Time is always
 * passed in, never read from a clock. The changelog key is the `Windowed<K>` key (the spec's key
 * serde is a `windowedSerde`), so restore rebuilds every window.
 */
export interface WindowStore<K, V> extends ReadOnlyWindowStore<K, V> {
  /** Writes `key`'s window at `windowStart` (`null` deletes it), and expires what is now past retention. */
  put(key: K, value: V | null, windowStart: number): void;
  /** Applies a changelog record during restore: not logged again. */
  restore(key: Windowed<K>, value: V | null): void;
}

export function createWindowStore<K, V>(spec: StoreSpec<Windowed<K>, V>, journal: StoreJournal): WindowStore<K, V> {
  const windowSizeMs = spec.windowSizeMs ?? 0;
  const retentionMs = spec.retentionMs ?? 0;
  // Window start → key id → entry, starts kept ascending: fetch by time range and expiry walk it in order.
  const segments = new Map<number, Map<string, readonly [K, V]>>();
  let starts: number[] = [];
  let size = 0;
  let observedStreamTime = Number.NEGATIVE_INFINITY;
  const expired = (start: number): boolean => start <= observedStreamTime - retentionMs;

  const set = (start: number, id: string, entry: readonly [K, V] | undefined): void => {
    let segment = segments.get(start);
    if (entry === undefined) {
      if (segment?.delete(id) !== true) return;
      size -= 1;
      if (segment.size === 0) {
        segments.delete(start);
        starts.splice(lowerBound(starts, start), 1);
      }
      return;
    }
    if (segment === undefined) {
      segment = new Map();
      segments.set(start, segment);
      starts.splice(lowerBound(starts, start), 0, start);
    }
    if (!segment.has(id)) size += 1;
    segment.set(id, entry);
  };

  const expire = (): void => {
    let kept = 0;
    while (kept < starts.length && expired(starts[kept] as number)) kept += 1;
    if (kept === 0) return;
    const gone = starts.slice(0, kept);
    starts = starts.slice(kept);
    for (const start of gone) {
      const segment = segments.get(start);
      segments.delete(start);
      for (const [id, [key, value]] of segment ?? []) {
        size -= 1;
        journal.record({ store: spec.name, key: windowed(key, start, windowSizeMs), value: null, timestamp: start }, () => set(start, id, [key, value]));
      }
    }
  };

  function* range(timeFrom: number, timeTo: number): Generator<readonly [number, Map<string, readonly [K, V]>]> {
    for (let index = lowerBound(starts, timeFrom); index < starts.length; index++) {
      const start = starts[index] as number;
      if (start > timeTo) return;
      if (expired(start)) continue;
      const segment = segments.get(start);
      if (segment !== undefined) yield [start, segment];
    }
  }

  function fetch(key: K, windowStart: number): V | undefined;
  function fetch(key: K, timeFrom: number, timeTo: number): IterableIterator<WindowEntry<V>>;
  function fetch(key: K, timeFrom: number, timeTo?: number): V | undefined | IterableIterator<WindowEntry<V>> {
    const id = keyId(key);
    if (timeTo === undefined) return expired(timeFrom) ? undefined : segments.get(timeFrom)?.get(id)?.[1];
    return (function* () {
      for (const [start, segment] of range(timeFrom, timeTo)) {
        const entry = segment.get(id);
        if (entry !== undefined) yield { windowStart: start, value: entry[1] };
      }
    })();
  }

  function* fetchAll(timeFrom: number, timeTo: number): Generator<readonly [Windowed<K>, V]> {
    for (const [start, segment] of range(timeFrom, timeTo)) {
      for (const [key, value] of segment.values()) yield [windowed(key, start, windowSizeMs), value];
    }
  }

  return {
    name: spec.name,
    windowSizeMs,
    retentionMs,
    get size() {
      return size;
    },
    fetch,
    fetchAll,
    all: () => fetchAll(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
    put(key, value, windowStart) {
      const observedBefore = observedStreamTime;
      observedStreamTime = Math.max(observedStreamTime, windowStart);
      expire();
      if (expired(windowStart)) return;
      const id = keyId(key);
      const previous = segments.get(windowStart)?.get(id);
      if (value === null && previous === undefined) return;
      if (value !== null && previous === undefined && size >= spec.maxEntries) throw new StoreFullError(spec.name, spec.maxEntries);
      set(windowStart, id, value === null ? undefined : [key, value]);
      journal.record({ store: spec.name, key: windowed(key, windowStart, windowSizeMs), value, timestamp: windowStart }, () => {
        set(windowStart, id, previous);
        // Undone first (undos run newest first), so the windows this put expired come back readable.
        observedStreamTime = observedBefore;
      });
    },
    restore(key, value) {
      const start = key.window.start;
      observedStreamTime = Math.max(observedStreamTime, start);
      set(start, keyId(key.key), value === null ? undefined : [key.key, value]);
    },
  };
}

/** The index of the first element of ascending `sorted` that is >= `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
