/**
 * The kafkajs bare loop (`../streams/bare-loop.ts`, the runtime's exactly-once settings) as a child
 * of transactions-bench.ts, so that its CPU is measured alone as the KIP-447 child's is.
 *
 *   node --import tsx kafkajs-loop-child.ts '{"brokers":[…],"input":…,"output":…,"groupId":…,"producers":"per-partition","commitIntervalMs":100}'
 *
 * Speaks `loop-child.ts`' protocol: the loop's stats are polled every 10 ms and new commits written
 * as events; closing stdin stops the loop (its open transactions commit).
 */
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { startBareLoop } from '../streams/bare-loop.js';
import type { LoopEvent } from './loop-child.js';

const config = JSON.parse(process.argv[2] ?? '{}') as { brokers: string[]; input: string; output: string; groupId: string; producers: 'per-partition' | 'shared'; commitIntervalMs: number };
const emit = (event: LoopEvent): void => void process.stdout.write(`${JSON.stringify(event)}\n`);
const kafka = createKafkaClient({ brokers: config.brokers, clientId: config.groupId, logger: silentLogger });
const loop = await startBareLoop({ kafka, input: config.input, output: config.output, groupId: config.groupId, producers: config.producers, commitIntervalMs: config.commitIntervalMs, partitionsConsumedConcurrently: 4, maxBytesPerPartition: 1024 * 1024 });

let reported = 0;
let producers = 0;
let firstReported = false;
const report = (): void => {
  const { commitsMs, firstRecordAt, producers: count } = loop.stats();
  if (!firstReported && firstRecordAt !== undefined) {
    firstReported = true;
    emit({ event: 'first-record', at: performance.timeOrigin + firstRecordAt });
  }
  for (; reported < commitsMs.length; reported += 1) emit({ event: 'commit', ms: commitsMs[reported] ?? Number.NaN });
  if (count !== producers) emit({ event: 'producers', count: (producers = count) });
  const failure = loop.failed();
  if (failure !== undefined) {
    emit({ event: 'failed', error: String(failure instanceof Error ? (failure.stack ?? failure.message) : failure) });
    process.exit(1);
  }
};
const poll = setInterval(report, 10);
process.stdin.on('end', () => {
  clearInterval(poll);
  loop.stop().then(
    () => {
      report();
      emit({ event: 'stopped' });
      process.exit(0);
    },
    (error: unknown) => {
      emit({ event: 'failed', error: String(error) });
      process.exit(1);
    },
  );
}).resume();
