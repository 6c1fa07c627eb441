import { silentLogger, type Logger } from '../../logging/index.js';
import { noopMetrics, type StreamsMetrics } from '../metrics.js';
import type { ProducedRecord, RawRecord, RecordHeaders } from '../record.js';
import type { Serde } from '../serde.js';
import { createStreamTask, type OperatorErrorPolicy, type StreamTask } from '../task/stream-task.js';
import { resolveTopic } from '../topology/nodes.js';
import type { Topology } from '../topology/topology.js';

export interface TestDriverOptions {
  readonly applicationId?: string;
  readonly deadLetterTopic?: string;
  readonly onOperatorError?: OperatorErrorPolicy;
  readonly metrics?: StreamsMetrics;
  readonly logger?: Logger;
  /**
   * The tasks' record cache (see `KafkaStreamsOptions.cacheMaxEntries`). Default 0: every store write
   * and table update is written with the record that caused it, so a test sees every update; with a
   * cache, what it holds is written by `commit()`.
   */
  readonly cacheMaxEntries?: number;
}

export interface TestInput<K, V> {
  readonly key: K | null;
  readonly value: V | null;
  /** Kafka record timestamp (event time unless the source extracts another); default: the previous input's. */
  readonly timestamp?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TestOutput<K, V> {
  readonly key: K;
  readonly value: V | null;
  readonly timestamp: number;
  readonly headers: RecordHeaders;
}

/**
 * Runs a {@link Topology} in memory, without Kafka (Kafka Streams `TopologyTestDriver`): every topic
 * has one partition, so there is one task per sub-topology; records written to repartition topics
 * are fed back before `pipeInput` resolves; changelog writes are recorded so `restart()` can prove
 * that state is rebuilt from them. The same task code as the Kafka runtime does the work.
 *
 * @example
 * const driver = createTopologyTestDriver(topology);
 * await driver.pipeInput('in', { key: 'v1', value: { up: true }, timestamp: 1000 });
 * assert.deepEqual((await driver.readOutput('out')).map((r) => r.value), [{ up: true }]);
 */
export interface TopologyTestDriver {
  pipeInput<K, V>(topic: string, input: TestInput<K, V>): Promise<void>;
  /** Feeds bytes as they are (for bad-record tests). */
  pipeRaw(topic: string, input: Omit<RawRecord, 'topic' | 'partition' | 'offset'>): Promise<void>;
  /** Decodes and removes the records written to `topic` since the last read (serdes of its sink by default). */
  readOutput<K, V>(topic: string, serdes?: { key: Serde<K>; value: Serde<V> }): Promise<Array<TestOutput<K, V>>>;
  /** Every record ever written to `topic`, as bytes (includes changelogs and the dead-letter topic). */
  readRaw(topic: string): readonly ProducedRecord[];
  /** The current entries of a store, by name (a window store's keyed by `Windowed<K>`, oldest window first). */
  store(name: string): Map<unknown, unknown>;
  /** Writes what the tasks' record caches hold, as the runtime does at a commit. */
  commit(): Promise<void>;
  /** Runs every task's punctuators as the runtime's schedule would, with this wall-clock time. */
  punctuate(wallClockTime: number): Promise<void>;
  /** Drops all tasks and stores, then restores them from the recorded changelogs (as after a crash: what a cache held is lost). */
  restart(): Promise<void>;
  describe(): string;
}

export function createTopologyTestDriver(topology: Topology, options: TestDriverOptions = {}): TopologyTestDriver {
  const applicationId = options.applicationId ?? 'test-app';
  const deadLetterTopic = options.deadLetterTopic ?? 'dead-letter';
  const written = new Map<string, ProducedRecord[]>();
  const readPosition = new Map<string, number>();
  const offsets = new Map<string, number>();
  let lastTimestamp = 0;
  // The wall clock the tasks see: what the last `punctuate` said.
  let wallClock = 0;

  const newTasks = (): StreamTask[] =>
    topology.subtopologies.map((subtopology) =>
      createStreamTask({
        applicationId,
        topology,
        subtopology,
        partition: 0,
        partitionCount: 1,
        deadLetterTopic,
        onOperatorError: options.onOperatorError ?? 'dead-letter',
        metrics: options.metrics ?? noopMetrics,
        logger: options.logger ?? silentLogger,
        cacheMaxEntries: options.cacheMaxEntries ?? 0,
        wallClock: () => wallClock,
      }),
    );
  let tasks = newTasks();
  const taskFor = (topic: string): StreamTask | undefined => tasks.find((task) => task.sourceTopics.includes(topic));

  /** Records what a task produced; returns what must be fed back (repartition topics and the like). */
  const record = (produced: readonly ProducedRecord[]): RawRecord[] => {
    const feedBack: RawRecord[] = [];
    for (const out of produced) {
      const log = written.get(out.topic) ?? [];
      log.push(out);
      written.set(out.topic, log);
      if (taskFor(out.topic) !== undefined) feedBack.push(toRaw(out, nextOffset(out.topic)));
    }
    return feedBack;
  };
  const deliver = async (...first: RawRecord[]): Promise<void> => {
    const queue = [...first];
    for (let raw = queue.shift(); raw !== undefined; raw = queue.shift()) {
      const task = taskFor(raw.topic);
      if (task === undefined) throw new Error(`no source reads topic ${raw.topic}`);
      queue.push(...record(await task.process(raw)));
      task.reportStoreSizes();
    }
  };
  const nextOffset = (topic: string): string => {
    const offset = offsets.get(topic) ?? 0;
    offsets.set(topic, offset + 1);
    return String(offset);
  };

  return {
    async pipeInput(topic, input) {
      const source = topology.nodes.find((node) => node.kind === 'source' && resolveTopic(applicationId, node.topic) === topic);
      if (source?.kind !== 'source') throw new Error(`no source reads topic ${topic}`);
      const key = input.key === null ? null : await source.keySerde.serialize(input.key, topic);
      const value = input.value === null ? null : await source.valueSerde.serialize(input.value, topic);
      await this.pipeRaw(topic, { key, value, headers: input.headers ?? {}, timestamp: input.timestamp ?? lastTimestamp });
    },
    async pipeRaw(topic, input) {
      lastTimestamp = input.timestamp;
      await deliver({ ...input, topic, partition: 0, offset: nextOffset(topic) });
    },
    async commit() {
      for (const task of tasks) await deliver(...record(await task.flush()));
    },
    async punctuate(wallClockTime) {
      wallClock = wallClockTime;
      for (const task of tasks) await deliver(...record(await task.punctuate(wallClockTime, wallClockTime)));
    },
    async readOutput<K, V>(topic: string, serdes?: { key: Serde<K>; value: Serde<V> }) {
      const sink = topology.nodes.find((node) => node.kind === 'sink' && resolveTopic(applicationId, node.topic) === topic);
      const keySerde = serdes?.key ?? (sink?.kind === 'sink' ? (sink.keySerde as Serde<K>) : undefined);
      const valueSerde = serdes?.value ?? (sink?.kind === 'sink' ? (sink.valueSerde as Serde<V>) : undefined);
      if (keySerde === undefined || valueSerde === undefined) throw new Error(`no sink writes topic ${topic}; pass serdes`);
      const all = written.get(topic) ?? [];
      const fresh = all.slice(readPosition.get(topic) ?? 0);
      readPosition.set(topic, all.length);
      return Promise.all(
        fresh.map(async (record) => ({
          key: (record.key === null ? null : await keySerde.deserialize(record.key, topic)) as K,
          value: record.value === null ? null : await valueSerde.deserialize(record.value, topic),
          timestamp: record.timestamp,
          headers: Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name, value.toString()])),
        })),
      );
    },
    readRaw: (topic) => written.get(topic) ?? [],
    store(name) {
      const task = tasks.find((candidate) => candidate.stores.specs.some((spec) => spec.name === name));
      if (task === undefined) throw new Error(`no store named ${name}`);
      return storeEntries(task, name);
    },
    async restart() {
      tasks = newTasks();
      for (const task of tasks) {
        for (const changelog of task.changelogs.keys()) {
          for (const record of written.get(changelog) ?? []) await task.restore(changelog, record);
        }
      }
    },
    describe: () => topology.describe(applicationId),
  };
}

function toRaw(record: ProducedRecord, offset: string): RawRecord {
  return { topic: record.topic, partition: 0, offset, key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp };
}

function storeEntries(task: StreamTask, name: string): Map<unknown, unknown> {
  const spec = task.stores.specs.find((candidate) => candidate.name === name);
  if (spec?.kind === 'ttl') {
    return new Map([...task.stores.ttl(spec).entries()].map((entry) => [entry.key, entry.value]));
  }
  if (spec?.kind === 'window') return new Map(task.stores.window(spec.name).all());
  return new Map(spec === undefined ? [] : task.stores.keyValue(spec).entries());
}
