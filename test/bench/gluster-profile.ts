/**
 * The streams bench's Gluster phase alone, `rounds` times on one private stack, for a CPU profile:
 *   node --cpu-prof --cpu-prof-dir=DIR --import tsx test/bench/gluster-profile.ts [rounds]
 * The processor's tasks run in this process, so the profile shows the runtime, the pipelines and
 * kafkajs side by side; summarise it per source folder with `node test/bench/profile-shares.mjs DIR`.
 */
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { runGlusterPhase } from './streams/gluster-phase.js';

const rounds = Number(process.argv[2] ?? 2);
const stack = await useTestStack({ private: true, handleSignals: true });
try {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: uniqueName('gluster-profile'), logger: silentLogger });
  for (let round = 0; round < rounds; round += 1) {
    const result = await runGlusterPhase({ kafka, registryUrl: stack.registryUrl, records: 20_000, timeoutMs: 180_000, log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`gluster-profile: round ${round + 1}: ${result.rawRecordsPerSecond} raw records/s\n`);
  }
} finally {
  await stack.stop();
}
