import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import { createMemoryMetrics, StreamsBuilder, stringSerde, type Output } from '../../../../src/streams/index.js';
import { createActiveTask, type ActiveTask } from '../../../../src/streams/kafka/active-task.js';
import type { TaskOutput, TopicPartitionOffset } from '../../../../src/streams/kafka/task-output.js';
import type { ProducedRecord } from '../../../../src/streams/record.js';
import { createStreamTask } from '../../../../src/streams/task/stream-task.js';

/**
 * `in` → a processor that forwards each record to `out`; to `ticks`, every second of stream time the
 * time it is offered (`stream <time>`), and every minute of wall-clock time the wall clock (`wall <time>`).
 */
function topology() {
  const builder = new StreamsBuilder();
  const { out, ticks } = builder.stream('in', { key: stringSerde, value: stringSerde }).process<{ out: Output<string, string>; ticks: Output<string, string> }>(
    () => {
      let forward: ((record: { key: string; value: string; timestamp: number }, output: 'out' | 'ticks') => void) | undefined;
      return {
        init(context) {
          forward = (record, output) => context.forward(record, output);
          context.schedule(1_000, 'stream-time', (now) => context.forward({ key: 'tick', value: `stream ${now}`, timestamp: now }, 'ticks'));
          context.schedule(60_000, 'wall-clock-time', (now) => context.forward({ key: 'tick', value: `wall ${now}`, timestamp: now }, 'ticks'));
        },
        process: (record) => forward?.({ key: record.key, value: record.value, timestamp: record.timestamp }, 'out'),
      };
    },
    { name: 'forwarder', outputs: ['out', 'ticks'] },
  );
  out.to('out', { key: stringSerde, value: stringSerde });
  ticks.to('ticks', { key: stringSerde, value: stringSerde });
  return builder.build();
}

/** A task output that records what the task asked of it, in order. */
function recordingOutput(options: { failCommit?: Error } = {}): TaskOutput & { readonly calls: string[]; readonly sent: ProducedRecord[]; readonly commits: TopicPartitionOffset[][] } {
  const calls: string[] = [];
  const sent: ProducedRecord[] = [];
  const commits: TopicPartitionOffset[][] = [];
  return {
    calls,
    sent,
    commits,
    async send(records) {
      if (records.length === 0) return;
      calls.push(`send ${records.length}`);
      sent.push(...records);
    },
    async commit(offsets) {
      calls.push('commit');
      if (options.failCommit !== undefined) throw options.failCommit;
      commits.push([...offsets]);
    },
    inFlight: () => 0,
    async close() {
      calls.push('close');
    },
  };
}

function message(offset: number, timestamp: number): KafkaMessage {
  return { offset: String(offset), key: Buffer.from('k'), value: Buffer.from(`v${offset}`), timestamp: String(timestamp), headers: {}, attributes: 0, size: 0 } as KafkaMessage;
}

function harness(options: { failCommit?: Error; wallClock?: () => number } = {}) {
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug', base: null }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const metrics = createMemoryMetrics();
  const output = recordingOutput(options);
  const committed: TopicPartitionOffset[][] = [];
  const timedCommitErrors: unknown[] = [];
  const built = topology();
  const subtopology = built.subtopologies[0];
  assert.ok(subtopology !== undefined);
  const task = createStreamTask({ applicationId: 'app', topology: built, subtopology, partition: 0, partitionCount: 1, deadLetterTopic: 'dlq', onOperatorError: 'dead-letter', metrics, logger });
  const entry = createActiveTask({
    task,
    output,
    // A long interval: nothing commits on its own during a test.
    settings: { commitIntervalMs: 3_600_000, processingGuarantee: 'exactly-once', metrics, logger, clock: () => 0, wallClock: options.wallClock ?? (() => 0) },
    onCommitted: (offsets) => void committed.push([...offsets]),
    onTimedCommitError: (error) => void timedCommitErrors.push(error),
  });
  return { entry, output, logs, metrics, committed, timedCommitErrors };
}

function running(entry: ActiveTask): ActiveTask {
  entry.initialize();
  entry.completeRestoration();
  return entry;
}

async function processOffsets(entry: ActiveTask, offsets: readonly number[], timestamp = 1_000): Promise<ProducedRecord[]> {
  const resolved: string[] = [];
  const produced = await entry.process({ topic: 'in', partition: 0, messages: offsets.map((offset) => message(offset, timestamp)) }, { keepGoing: () => true, resolveOffset: (offset) => void resolved.push(offset) });
  assert.deepEqual(resolved, offsets.length === 0 ? [] : [String(offsets.at(-1))], 'the last record handled is resolved once');
  return produced;
}

describe('an active task through its lifecycle', () => {
  test('created, restoring, running, then closed: it processes and commits only while running, each step a logged transition', async () => {
    const { entry, output, logs, committed } = harness();
    assert.equal(entry.state, 'CREATED');
    entry.initialize();
    assert.equal(entry.state, 'RESTORING');
    entry.completeRestoration();
    assert.equal(entry.state, 'RUNNING');
    assert.equal((await processOffsets(entry, [5, 6])).length, 2);
    await entry.commit();
    assert.deepEqual(committed, [[{ topic: 'in', partition: 0, offset: '7' }]], 'the next offset to read, for the purger');
    assert.deepEqual(entry.committed, new Map([['in', 7n]]));
    await processOffsets(entry, [7]);
    await entry.close('dirty');
    assert.equal(entry.state, 'CLOSED');
    await entry.commit();
    await entry.punctuate();
    assert.deepEqual(output.calls, ['commit', 'close'], 'nothing is committed or punctuated after the close');
    assert.deepEqual(
      logs.filter((line) => line['msg'] === 'task state transition').map((line) => `${String(line['from'])}→${String(line['to'])}`),
      ['CREATED→RESTORING', 'RESTORING→RUNNING', 'RUNNING→SUSPENDED', 'SUSPENDED→CLOSED'],
    );
  });

  test('a clean close commits the open interval (cached writes, then offsets), then closes the output', async () => {
    const { entry, output } = harness();
    running(entry);
    await processOffsets(entry, [0, 1, 2]);
    await entry.close('clean');
    assert.deepEqual(output.calls, ['commit', 'close']);
    assert.deepEqual(output.commits, [[{ topic: 'in', partition: 0, offset: '3' }]]);
    assert.equal(entry.state, 'CLOSED');
  });

  test('a dirty close abandons the open interval: no commit; it stops taking work at once, before the output is closed', async () => {
    const { entry, output } = harness();
    running(entry);
    await processOffsets(entry, [0, 1]);
    const closing = entry.close('dirty');
    assert.equal(entry.state, 'SUSPENDED', 'synchronously: work queued behind a failure must see it');
    await closing;
    assert.equal(entry.state, 'CLOSED');
    assert.deepEqual(output.calls, ['close']);
  });

  test('a clean close whose commit fails is logged and closes the task without the commit', async () => {
    const { entry, output, logs } = harness({ failCommit: new Error('broker gone') });
    running(entry);
    await processOffsets(entry, [0]);
    await entry.close('clean');
    assert.deepEqual(output.calls, ['commit', 'close']);
    assert.equal(entry.state, 'CLOSED');
    assert.ok(logs.some((line) => line['msg'] === 'final commit failed' && line['task'] === '0_0'));
  });

  test('close is idempotent: a task failed, then revoked, then stopped closes its output once', async () => {
    const { entry, output } = harness();
    running(entry);
    await Promise.all([entry.close('dirty'), entry.close('dirty'), entry.close('clean')]);
    await entry.close('clean');
    assert.deepEqual(output.calls, ['close']);
    assert.equal(entry.state, 'CLOSED');
  });

  test('a task that fails while restoring is closed from RESTORING, without a commit', async () => {
    const { entry, output } = harness();
    entry.initialize();
    await entry.close('clean');
    assert.equal(entry.state, 'CLOSED');
    assert.deepEqual(output.calls, ['close']);
  });

  test('records before the task’s position are skipped: they are in its open interval already', async () => {
    const { entry } = harness();
    running(entry);
    assert.equal((await processOffsets(entry, [0, 1, 2])).length, 3);
    assert.equal((await processOffsets(entry, [1, 2, 3])).length, 1, 'a refetch after a rebalance that kept the task');
  });

  test('punctuation reads the injected wall clock: stream time carried forward by the wall time since it last advanced, wall-clock punctuation at the same reading', async () => {
    let wall = 1_000_000;
    const { entry, output } = harness({ wallClock: () => wall });
    running(entry);
    await processOffsets(entry, [0], 5_000); // stream time 5 s, advanced at wall 1 000 000
    wall = 1_002_500;
    await entry.punctuate();
    wall = 1_004_000;
    await processOffsets(entry, [1], 6_000); // a backlog: stream time advanced, the carry starts again
    wall = 1_010_000;
    await entry.punctuate();
    const ticks = output.sent.filter((record) => record.topic === 'ticks').map((record) => String(record.value));
    assert.deepEqual(ticks, ['stream 7500', 'wall 1002500', 'stream 12000']);
    await entry.close('dirty'); // its commit timer would keep the test process alive
  });
});
