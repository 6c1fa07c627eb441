/**
 * The child of transactions-bench.ts: the bare read-process-write loop on @platformatic/kafka, a
 * client with KIP-447, so ONE transactional producer serves every input partition and its offsets
 * carry the consumer group's generation and member id (TxnOffsetCommit v3+): the broker fences a
 * zombie by group generation, not by one transactional id per partition as kafkajs forces us to.
 * Plain JavaScript, run by a Node ≥ 22.22 binary (the client's engines field) while the project runs
 * on Node 20; the client is imported from the path the parent installed it to.
 *
 *   node kip447-loop.mjs '{"modulePath":…,"brokers":[…],"input":…,"output":…,"groupId":…,"commitIntervalMs":100}'
 *
 * Each input record is copied (key, value, timestamp) to the same partition of `output`, in
 * requests of at most 512 KB as the kafkajs loop splits them. Sends are serialised (the client
 * deduplicates concurrent AddPartitionsToTxn calls into the first one's partitions); every
 * `commitIntervalMs` the open transaction ends with AddOffsetsToTxn, one TxnOffsetCommit per input
 * partition with input (the client commits one message's offset per call, and concurrent calls are
 * deduplicated too, so they run one after another) and EndTxn.
 *
 * Speaks `loop-child.ts`' protocol on stdout (first record, one line per commit with the partitions
 * whose offsets it carried and how long the offsets step took, failure, stopped); closing stdin
 * stops it: the open transaction commits, both clients close.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const config = JSON.parse(process.argv[2] ?? '{}');
const { Consumer, Producer } = await import(pathToFileURL(config.modulePath).href);
const CHUNK_BYTES = 512 * 1024;
const emit = (event) => void process.stdout.write(`${JSON.stringify(event)}\n`);
// As the runtime's kafkajs producers: a first backoff of 10 ms (CONCURRENT_TRANSACTIONS right after
// a commit is normal), doubling to 1 s; the client's default is a flat 1 s.
const retryDelay = (_client, _operation, attempt) => Math.min(1000, 10 * 2 ** Math.max(0, attempt - 1));
const common = { bootstrapBrokers: config.brokers, retries: 30, retryDelay };

const consumer = new Consumer({ ...common, clientId: `${config.groupId}-consumer`, groupId: config.groupId, autocommit: false, maxBytesPerPartition: 1024 * 1024, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
const producer = new Producer({ ...common, clientId: `${config.groupId}-producer`, idempotent: true, transactionalId: `${config.groupId}-kip447` });

let pending = [];
let wake;
let stopping = false;
let firstRecordAt;
/** Sleeps `ms`, or until a record arrives or stdin closes (`wake`). */
const sleepUntil = (ms) => new Promise((resolve) => {
  const done = () => { clearTimeout(timer); wake = undefined; resolve(); };
  const timer = setTimeout(done, Math.max(0, ms));
  wake = done;
});

const stream = await consumer.consume({ topics: [config.input], mode: 'committed', fallbackMode: 'earliest', autocommit: false });
emit({ event: 'producers', count: 1 });
stream.on('data', (message) => {
  if (firstRecordAt === undefined) {
    firstRecordAt = performance.timeOrigin + performance.now();
    emit({ event: 'first-record', at: firstRecordAt });
  }
  pending.push(message);
  if (pending.length >= 20_000) stream.pause();
  wake?.();
});
stream.on('error', (error) => { emit({ event: 'failed', error: String(error?.stack ?? error) }); process.exit(1); });
process.stdin.on('end', () => { stopping = true; wake?.(); }).resume();

let transaction;
let transactionStart = 0;
const lastOfPartition = new Map();

const send = async (messages) => {
  let chunk = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length > 0) await transaction.send({ messages: chunk });
    [chunk, bytes] = [[], 0];
  };
  for (const message of messages) {
    const size = 70 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
    if (bytes + size > CHUNK_BYTES && bytes > 0) await flush();
    chunk.push({ topic: config.output, partition: message.partition, key: message.key, value: message.value, timestamp: message.timestamp });
    bytes += size;
    lastOfPartition.set(message.partition, message);
  }
  await flush();
};

const commit = async () => {
  if (transaction === undefined) return;
  const started = performance.now();
  await transaction.addConsumer(consumer);
  for (const message of lastOfPartition.values()) await transaction.addOffset(message);
  const offsetsDone = performance.now();
  await transaction.commit();
  const ended = performance.now();
  emit({ event: 'commit', ms: ended - started, partitions: lastOfPartition.size, offsetsMs: offsetsDone - started });
  transaction = undefined;
  lastOfPartition.clear();
};

try {
  while (!stopping || pending.length > 0) {
    if (pending.length === 0) await sleepUntil(transaction === undefined ? 60_000 : transactionStart + config.commitIntervalMs - performance.now());
    if (pending.length > 0) {
      const batch = pending;
      pending = [];
      if (stream.isPaused()) stream.resume();
      if (transaction === undefined) {
        transaction = await producer.beginTransaction();
        transactionStart = performance.now();
      }
      await send(batch);
    }
    if (transaction !== undefined && (stopping || performance.now() - transactionStart >= config.commitIntervalMs)) await commit();
  }
  await commit();
  await stream.close();
  await consumer.close(true);
  await producer.close();
  emit({ event: 'stopped' });
  process.exit(0);
} catch (error) {
  emit({ event: 'failed', error: String(error?.stack ?? error) });
  process.exit(1);
}
