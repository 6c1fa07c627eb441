/**
 * `instance-process.ts` generalised: one streams instance of a named test topology in its own process,
 * so a test can SIGKILL it mid-transaction.
 * argv: topology (tally | sequence | sequence-repartitioned) brokers input output applicationId deadLetterTopic sessionTimeoutMs.
 * Prints `ready` once started, then `tasks <n> <ready|restoring>` every 200 ms; exits 1 on a fatal error.
 */
import { createKafkaStreams } from '../../../src/streams/index.js';
import { EVERY_UPDATE, kafkaFor, testLogger } from './kafka-fixtures.js';
import { sequenceTopology } from './sequence-topology.js';
import { tallyTopology } from './tally-topology.js';

const topologies = {
  tally: tallyTopology,
  sequence: sequenceTopology,
  'sequence-repartitioned': (input: string, output: string) => sequenceTopology(input, output, { repartitioned: true }),
};
const [name = '', brokers = '', input = '', output = '', applicationId = '', deadLetterTopic = '', sessionTimeoutMs = '10000'] = process.argv.slice(2);
if (!(name in topologies)) throw new RangeError(`unknown topology ${name}`);
const topology = topologies[name as keyof typeof topologies](input, output);
const streams = createKafkaStreams({ topology, kafka: kafkaFor(brokers.split(',')), applicationId, deadLetterTopic, sessionTimeoutMs: Number(sessionTimeoutMs), logger: testLogger, ...EVERY_UPDATE });
streams.done.catch((error: unknown) => {
  process.stderr.write(`topology-process: ${String(error)}\n`);
  process.exit(1);
});
await streams.start();
process.stdout.write('ready\n');
setInterval(() => process.stdout.write(`tasks ${streams.tasks().length} ${streams.ready() ? 'ready' : 'restoring'}\n`), 200);
