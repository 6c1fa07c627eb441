import type { RawPropertyChange } from '../serde/index.js';
import { AlertBook } from './model/alert-book.js';
import { StateBook, type ExpectedBrick, type ExpectedDrive, type ExpectedNode, type ExpectedTopics, type ExpectedVolume } from './model/expected-topics.js';
import { roleOf } from './model/model-properties.js';
import { NodeModel } from './model/node-model.js';
import { StorageModel } from './model/storage-model.js';
import { VolumeModel } from './model/volume-model.js';

/** The pipeline tunables the README's semantics depend on; defaults as documented there. */
export interface ModelSettings {
  readonly disagreementGraceMs: number;
  readonly silenceTimeoutMs: number;
  readonly temperatureHighCelsius: number;
  /**
   * Time-based conditions are re-evaluated whenever event time enters a new period of this length
   * (before the record that moved it is folded in), as the processor's punctuation would have done
   * while that time passed.
   */
  readonly tickMs: number;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = Object.freeze({ disagreementGraceMs: 30_000, silenceTimeoutMs: 30_000, temperatureHighCelsius: 60, tickMs: 1_000 });

export interface ReferenceModel {
  /** Folds one raw record in (in the order a single consumer of the raw topic would meet them). */
  apply(record: RawPropertyChange): void;
  /** Lets event time pass to `at` without records (silence, disagreement). */
  advanceTo(at: number): void;
  /** The expected topic contents now (a snapshot; the model can go on). */
  expected(): ExpectedTopics;
}

const GLUSTER_OBJECTS = new Set(['GlusterFS.Volume', 'GlusterFS.Brick', 'GlusterFS.Glusterd', 'Manager.GlusterFS']);

/**
 * An independent, deliberately simple implementation of the README's "Semantics of the derived
 * topics", to check the pipelines against: it shares no code with `pipelines/` and keeps whole
 * records in plain maps. Event time is one clock for the whole input (the newest `observedAt` seen),
 * which is what the processor approximates with per-task stream time carried forward by its
 * punctuation. Records of kind EVENT are left out (they change no object state).
 *
 * Differences from a real run that are not errors: alert histories follow the input order; a
 * processor that meets two nodes' reports of one object in another order may skip a short-lived
 * state, so a real run is checked on final states and open alerts (see `compareWithModel`).
 *
 * @example
 * const model = createReferenceModel();
 * for (const record of generateLoad({ shape, seed: 1, records: 500 })) model.apply(record);
 * model.expected().state.volumes.get('vol-000')?.status; // 'STARTED'
 */
export function createReferenceModel(settings: Partial<ModelSettings> = {}): ReferenceModel {
  const options: ModelSettings = { ...DEFAULT_MODEL_SETTINGS, ...settings };
  const alerts = new AlertBook();
  const books = { volumes: new StateBook<ExpectedVolume>(), bricks: new StateBook<ExpectedBrick>(), drives: new StateBook<ExpectedDrive>(), nodes: new StateBook<ExpectedNode>() };
  const volumes = new VolumeModel(books.volumes, alerts, options.disagreementGraceMs);
  const nodes = new NodeModel(books.nodes, alerts, options.silenceTimeoutMs);
  const storage = new StorageModel(books.bricks, books.drives, alerts, options.temperatureHighCelsius);
  let now = Number.NEGATIVE_INFINITY;
  let period = Number.NEGATIVE_INFINITY;

  const advanceTo = (at: number, force = false): void => {
    now = Math.max(now, at);
    if (!force && Math.floor(now / options.tickMs) <= period) return;
    period = Math.floor(now / options.tickMs);
    volumes.tick(now);
    nodes.tick(now);
  };

  return {
    apply(record) {
      if (record.kind === 'EVENT') return;
      advanceTo(record.observedAt);
      storage.observeNode(record);
      const role = roleOf(record);
      if (NodeModel.reads(record)) nodes.apply(record, now);
      if (role === 'GlusterFS.Volume') volumes.apply(record, now);
      else if (role === 'GlusterFS.Brick') storage.applyBrick(record);
      else if (role !== undefined && !GLUSTER_OBJECTS.has(role)) storage.applyDisk(record);
    },
    advanceTo(at) {
      advanceTo(at, true);
    },
    expected() {
      return {
        state: { volumes: new Map(books.volumes.latest), bricks: new Map(books.bricks.latest), drives: new Map(books.drives.latest), nodes: new Map(books.nodes.latest) },
        tombstones: { volumes: new Set(books.volumes.tombstones), bricks: new Set(books.bricks.tombstones), drives: new Set(books.drives.tombstones), nodes: new Set(books.nodes.tombstones) },
        alerts: new Map([...alerts.histories].map(([id, history]) => [id, [...history]])),
      };
    },
  };
}

/** The expected topics for a whole input, evaluated at its last event time (or `endAt`). */
export function referenceModel(records: Iterable<RawPropertyChange>, settings: Partial<ModelSettings> & { endAt?: number } = {}): ExpectedTopics {
  const model = createReferenceModel(settings);
  for (const record of records) model.apply(record);
  if (settings.endAt !== undefined) model.advanceTo(settings.endAt);
  return model.expected();
}
