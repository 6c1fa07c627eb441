/**
 * One streams instance in its own process, so a test can SIGKILL it mid-transaction.
 * argv: brokers input output applicationId deadLetterTopic. Prints `ready` once started.
 */
import { createKafkaStreams } from '../../../src/streams/index.js';
import { EVERY_UPDATE, kafkaFor, testLogger } from './kafka-fixtures.js';
import { tallyTopology } from './tally-topology.js';

const [brokers = '', input = '', output = '', applicationId = '', deadLetterTopic = ''] = process.argv.slice(2);
const streams = createKafkaStreams({ topology: tallyTopology(input, output), kafka: kafkaFor(brokers.split(',')), applicationId, deadLetterTopic, sessionTimeoutMs: 10_000, logger: testLogger, ...EVERY_UPDATE });
await streams.start();
process.stdout.write('ready\n');
setInterval(() => process.stdout.write(`tasks ${streams.tasks().length}\n`), 200);
