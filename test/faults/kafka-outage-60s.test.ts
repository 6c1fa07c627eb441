import { after, before, describe, test } from 'node:test';
import { kafkaOutageScenario } from '../helpers/faults/kafka-outage-scenario.js';
import { useTestStack, type TestStack } from '../helpers/stack.js';
import { exitWhenDone } from '../helpers/faults/exit-when-done.js';

// A private stack: the test stops its only broker (= all of Kafka).
describe('all of Kafka unreachable for 60 s while simulated nodes keep changing', () => {
  let stack: TestStack;
  before(async () => {
    stack = await useTestStack({ private: true });
  });
  after(async () => {
    await stack?.stop();
    exitWhenDone(import.meta.url);
  });

  test('Kafka stopped for 60 s: every D-Bus change reaches the raw topic once and in order from the spool, and no DRIVE_TEMPERATURE_HIGH transition is missed or repeated', { timeout: 600_000 }, async (t) => {
    for (const line of await kafkaOutageScenario(stack, { outageMs: 60_000, paceMs: 100, nodes: 3 })) t.diagnostic(line);
  });
});
