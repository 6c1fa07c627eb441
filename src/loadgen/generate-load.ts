import { createRecordBuilder, type RecordBuilder, type RecordDraft } from '../producer/index.js';
import type { RawPropertyChange } from '../serde/index.js';
import { layoutCluster, type ClusterLayout, type ClusterShape, type SyntheticNode } from './cluster-shape.js';
import { DEFAULT_LOAD_SCRIPT, type LoadAction, type LoadScript } from './load-script.js';
import {
  brickPartitionDrafts,
  brickRemovedDraft,
  brickSnapshotDraft,
  driveSnapshotDrafts,
  glusterdDraft,
  heartbeatDraft,
  managerDraft,
  partitionDevice,
  smartChangeDraft,
  volumeRemovedDraft,
  volumeSnapshotDraft,
  volumeStatusDraft,
} from './object-drafts.js';
import { createPrng, type Prng } from './prng.js';

export interface GenerateLoadOptions {
  readonly shape: ClusterShape;
  readonly script?: LoadScript;
  readonly seed: number;
  /** Event time of the first record (epoch ms). Default 2026-01-01T00:00:00Z, so output depends on the seed only. */
  readonly startAt?: number;
  /** Event time between two consecutive records (default 1 ms, i.e. 1,000 records per second of event time). */
  readonly stepMs?: number;
  /** Stop after this many records (snapshots included). */
  readonly records?: number;
  /** Stop at the first record this long (event time) after `startAt`. */
  readonly durationMs?: number;
}

/** Default `startAt`: a fixed instant, so that two runs with one seed are byte for byte the same. */
export const DEFAULT_START_AT = Date.UTC(2026, 0, 1);

/**
 * The raw records a synthetic cluster's producers would write, in the order they would reach Kafka
 * (per node, per object), lazily: a cluster of 10^5 objects per node need not fit in memory.
 *
 * First every node's producer starts (one after another): a session, then a SNAPSHOT of every object
 * on its bus: glusterd, the manager, every volume and every brick of the cluster (the storaged
 * glusterfs module exports them all on every node) and its own drives with the partitions under its
 * bricks. Then scripted actions (see {@link LoadScript}) follow, with a HEARTBEAT from every live
 * producer every `heartbeatMs`. Records are built with the producer's own record builder (node
 * identity, Gluster UUID, session, gap-free sequence); the event time advances `stepMs` per record.
 * Deterministic: the same options give the same records.
 *
 * @example
 * const records = [...generateLoad({ shape: { nodes: 3, volumes: 4, bricks: 12, drives: 6 }, seed: 7, records: 500 })];
 */
export function* generateLoad(options: GenerateLoadOptions): Generator<RawPropertyChange, void, undefined> {
  const startAt = options.startAt ?? DEFAULT_START_AT;
  const endAt = options.durationMs === undefined ? Number.POSITIVE_INFINITY : startAt + options.durationMs;
  const limit = options.records ?? Number.POSITIVE_INFINITY;
  let count = 0;
  for (const record of clusterActivity(layoutCluster(options.shape, options.seed), options.script ?? DEFAULT_LOAD_SCRIPT, options.seed, startAt, options.stepMs ?? 1)) {
    if (count >= limit || record.observedAt >= endAt) return;
    count += 1;
    yield record;
  }
}

interface Session {
  readonly build: RecordBuilder;
  readonly id: string;
}

/** The endless activity of the cluster; {@link generateLoad} cuts it to the requested size. */
function* clusterActivity(layout: ClusterLayout, script: LoadScript, seed: number, startAt: number, stepMs: number): Generator<RawPropertyChange, void, undefined> {
  const random = createPrng(seed);
  const state = initialState(layout, script, random, startAt);
  let clock = startAt;
  const now = (): number => Math.floor(clock);
  const sessions = new Map<number, Session>();
  const heartbeats: { node: number; session: string; dueAt: number }[] = [];

  const build = (node: number, draft: RecordDraft): RawPropertyChange => {
    const session = sessions.get(node);
    if (session === undefined) throw new Error(`node ${node} has no producer session`);
    const record = session.build(draft);
    clock += stepMs;
    return record;
  };
  // Heartbeats that fell due are sent before the next record, as the producer's timer would.
  function* dueHeartbeats(): Generator<RawPropertyChange> {
    while (heartbeats.length > 0 && (heartbeats[0]?.dueAt ?? Infinity) <= now()) {
      const due = heartbeats.shift();
      if (due === undefined || sessions.get(due.node)?.id !== due.session) continue;
      heartbeats.push({ ...due, dueAt: due.dueAt + script.heartbeatMs });
      yield build(due.node, heartbeatDraft());
    }
  }
  function* emit(node: number, draft: RecordDraft): Generator<RawPropertyChange> {
    yield* dueHeartbeats();
    yield build(node, draft);
  }
  function* startProducer(node: SyntheticNode): Generator<RawPropertyChange> {
    const id = random.uuid();
    sessions.set(node.index, { id, build: createRecordBuilder({ nodeId: node.nodeId, glusterUuid: node.glusterUuid, sessionId: id, clock: now }) });
    heartbeats.push({ node: node.index, session: id, dueAt: now() + script.heartbeatMs });
    for (const draft of snapshotDrafts(layout, state, node)) yield* emit(node.index, draft);
  }
  /** A cluster-wide change: every running producer reports it, starting at a random node. */
  function* everyNode(drafts: () => RecordDraft[]): Generator<RawPropertyChange> {
    const first = random.int(layout.nodes.length);
    for (let offset = 0; offset < layout.nodes.length; offset += 1) {
      const node = (first + offset) % layout.nodes.length;
      for (const draft of drafts()) yield* emit(node, draft);
    }
  }

  for (const node of layout.nodes) yield* startProducer(node);

  const actions = Object.entries(script.mix).filter(([, weight]) => weight > 0) as [LoadAction, number][];
  const total = actions.reduce((sum, [, weight]) => sum + weight, 0);
  for (let idle = 0; ; ) {
    const action = total === 0 ? undefined : pickWeighted(actions, total, random);
    const before = clock;
    switch (action) {
      case 'volumeStatus': {
        const volume = liveVolume(state, random);
        if (volume === undefined) break;
        const current = state.volumeStatus[volume] ?? 1;
        const next = current === 1 ? (random.next() < 0.9 ? 2 : 0) : 1;
        state.volumeStatus[volume] = next;
        const synthetic = layout.volumes[volume];
        if (synthetic !== undefined) yield* everyNode(() => [volumeStatusDraft(synthetic, next)]);
        break;
      }
      case 'volumeDelete': {
        const volume = liveVolume(state, random);
        const synthetic = volume === undefined ? undefined : layout.volumes[volume];
        if (volume === undefined || synthetic === undefined) break;
        state.deleted[volume] = true;
        yield* everyNode(() => [volumeRemovedDraft(synthetic), ...synthetic.bricks.flatMap((brick) => (layout.bricks[brick] === undefined ? [] : [brickRemovedDraft(layout.bricks[brick])]))]);
        break;
      }
      case 'volumeCreate': {
        const volume = deletedVolume(state, random);
        const synthetic = volume === undefined ? undefined : layout.volumes[volume];
        if (volume === undefined || synthetic === undefined) break;
        state.deleted[volume] = false;
        state.volumeStatus[volume] = 0;
        // The module adds the bricks' objects before the volume's (its `bricks` property names them).
        yield* everyNode(() => [...synthetic.bricks.flatMap((brick) => (layout.bricks[brick] === undefined ? [] : [brickSnapshotDraft(layout, layout.bricks[brick], 'ADDED')])), volumeSnapshotDraft(layout, synthetic, 0, 'ADDED')]);
        break;
      }
      case 'glusterd': {
        const node = random.int(layout.nodes.length);
        const active = state.glusterd[node] === 'active' ? random.pick(['inactive', 'failed']) : 'active';
        state.glusterd[node] = active;
        yield* emit(node, glusterdDraft('CHANGED', active));
        break;
      }
      case 'smartFailing': {
        if (layout.drives.length === 0) break;
        const failing = [...state.failing.keys()];
        const drive = failing.length > 0 && random.next() < 0.5 ? random.pick(failing) : random.int(layout.drives.length);
        const synthetic = layout.drives[drive];
        if (synthetic === undefined) break;
        const nowFailing = !state.failing.has(drive);
        if (nowFailing) state.failing.set(drive, true);
        else state.failing.delete(drive);
        state.smartUpdated[drive] = BigInt(Math.floor(now() / 1000));
        yield* emit(synthetic.node, smartChangeDraft(synthetic, { failing: nowFailing }, state.smartUpdated[drive] ?? 0n));
        break;
      }
      case 'temperature': {
        if (layout.drives.length === 0) break;
        const drive = random.int(layout.drives.length);
        const synthetic = layout.drives[drive];
        if (synthetic === undefined) break;
        state.kelvin[drive] = kelvinOf(random.next() < 0.2 ? 61 + random.int(10) : 28 + random.int(30));
        state.smartUpdated[drive] = BigInt(Math.floor(now() / 1000));
        yield* emit(synthetic.node, smartChangeDraft(synthetic, { kelvin: state.kelvin[drive] ?? 0 }, state.smartUpdated[drive] ?? 0n));
        break;
      }
      case 'producerRestart': {
        const node = layout.nodes[random.int(layout.nodes.length)];
        if (node !== undefined) yield* startProducer(node);
        break;
      }
      case undefined:
        break;
    }
    idle = clock === before ? idle + 1 : 0;
    if (idle > 100 || (idle > 0 && total === 0)) {
      // Nothing left to do (an idle mix, or only volume actions and every volume deleted): let time pass to the next heartbeat.
      clock = Math.max(clock + stepMs, heartbeats[0]?.dueAt ?? clock + script.heartbeatMs);
      yield* dueHeartbeats();
    }
  }
}

interface ClusterState {
  readonly volumeStatus: number[];
  readonly deleted: boolean[];
  readonly glusterd: string[];
  readonly kelvin: number[];
  readonly smartUpdated: bigint[];
  /** Failing drives (a Map keeps insertion order, so picks stay deterministic). */
  readonly failing: Map<number, true>;
}

function initialState(layout: ClusterLayout, script: LoadScript, random: Prng, startAt: number): ClusterState {
  const failing = new Map<number, true>();
  const kelvin = layout.drives.map((drive) => {
    if (random.next() < script.initiallyFailing) failing.set(drive.index, true);
    return kelvinOf(30 + random.int(16));
  });
  return {
    volumeStatus: layout.volumes.map(() => (random.next() < script.initiallyStopped ? 2 : 1)),
    deleted: layout.volumes.map(() => false),
    glusterd: layout.nodes.map(() => 'active'),
    kelvin,
    smartUpdated: layout.drives.map(() => BigInt(Math.floor(startAt / 1000))),
    failing,
  };
}

/** udisks reports SmartTemperature in Kelvin as a double. */
const kelvinOf = (celsius: number): number => Math.round((celsius + 273.15) * 1000) / 1000;

function* snapshotDrafts(layout: ClusterLayout, state: ClusterState, node: SyntheticNode): Generator<RecordDraft> {
  yield glusterdDraft('SNAPSHOT', state.glusterd[node.index] ?? 'active');
  yield managerDraft();
  for (const volume of layout.volumes) {
    if (state.deleted[volume.index] === true) continue;
    yield volumeSnapshotDraft(layout, volume, state.volumeStatus[volume.index] ?? 1);
    for (const brick of volume.bricks) {
      const synthetic = layout.bricks[brick];
      if (synthetic !== undefined) yield brickSnapshotDraft(layout, synthetic);
    }
  }
  const hosted = (layout.bricksOfNode[node.index] ?? []).map((brick) => layout.bricks[brick]).filter((brick) => brick !== undefined);
  for (const driveIndex of layout.drivesOfNode[node.index] ?? []) {
    const drive = layout.drives[driveIndex];
    if (drive === undefined) continue;
    const onDrive = hosted.filter((brick) => brick.drive === driveIndex);
    const smart = { failing: state.failing.has(driveIndex), kelvin: state.kelvin[driveIndex] ?? 0, updated: state.smartUpdated[driveIndex] ?? 0n };
    yield* driveSnapshotDrafts(node, drive, smart, onDrive.map((brick) => partitionDevice(drive, brick.partition)));
    for (const brick of onDrive) yield* brickPartitionDrafts(node, brick, drive);
  }
}

const liveVolume = (state: ClusterState, random: Prng): number | undefined => volumeWhere(state, random, false);
const deletedVolume = (state: ClusterState, random: Prng): number | undefined => volumeWhere(state, random, true);

/** A random volume whose deleted flag is `deleted`, if any. */
function volumeWhere(state: ClusterState, random: Prng, deleted: boolean): number | undefined {
  const total = state.deleted.length;
  if (total === 0) return undefined;
  const start = random.int(total);
  for (let offset = 0; offset < total; offset += 1) {
    const volume = (start + offset) % total;
    if (state.deleted[volume] === deleted) return volume;
  }
  return undefined;
}

function pickWeighted(actions: readonly [LoadAction, number][], total: number, random: Prng): LoadAction | undefined {
  let roll = random.next() * total;
  for (const [action, weight] of actions) {
    roll -= weight;
    if (roll < 0) return action;
  }
  return actions.at(-1)?.[0];
}
