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

  test('Kafka stopped for 15 s: every D-Bus change reaches the raw topic once and in order from the spool, and no DRIVE_TEMPERATURE_HIGH transition is missed or repeated', { timeout: 300_000 }, async (t) => {
    for (const line of await kafkaOutageScenario(stack, { outageMs: 15_000, paceMs: 200, nodes: 3 })) t.diagnostic(line);
  });
});
