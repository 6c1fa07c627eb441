import { after, before, describe, test } from 'node:test';
import { kafkaOutageScenario } from '../../helpers/faults/kafka-outage-scenario.js';
import { useTestStack, type TestStack } from '../../helpers/stack.js';
import { exitWhenDone } from '../../helpers/faults/exit-when-done.js';

// A private stack: the test stops its only broker. The 60 s variant is test/faults/kafka-outage-60s.test.ts.
describe('all of Kafka unreachable while simulated nodes keep changing (quick variant)', () => {
  let stack: TestStack;
  before(async () => {
    stack = await useTestStack({ private: true });
  });
  after(async () => {
    await stack?.stop();
    exitWhenDone(import.meta.url);
  });

  // todo: fails intermittently (1 of 3 runs): the processor stops when a commit is in flight as Kafka
  // goes away ("a task could not commit: Failed to find group coordinator": src/streams/kafka/kafka-streams.ts
  // failTask treats every non-fencing commit failure as fatal), so the alerts half fails.
  test('Kafka stopped for 15 s: every D-Bus change reaches the raw topic once and in order from the spool, and no DRIVE_TEMPERATURE_HIGH transition is missed or repeated', { timeout: 300_000, todo: 'processor stops when its commit cannot reach Kafka' }, async (t) => {
    for (const line of await kafkaOutageScenario(stack, { outageMs: 15_000, paceMs: 200, nodes: 3 })) t.diagnostic(line);
  });
});
