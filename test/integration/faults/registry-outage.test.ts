import { after, before, describe, test } from 'node:test';
import { registryOutageScenario } from '../../helpers/faults/registry-outage-scenario.js';
import { useTestStack, type TestStack } from '../../helpers/stack.js';
import { exitWhenDone } from '../../helpers/faults/exit-when-done.js';

// A private stack: the test stops its registry. The 30 s variant is test/faults/registry-outage-30s.test.ts.
describe('the schema registry down (quick variant)', () => {
  let stack: TestStack;
  before(async () => {
    stack = await useTestStack({ private: true });
  });
  after(async () => {
    await stack?.stop();
    exitWhenDone(import.meta.url);
  });

  test('registry stopped for 12 s: cached schemas keep state and alerts flowing; a producer restarted meanwhile keeps its records and delivers them once the registry is back; nothing lost, repeated or dead-lettered', { timeout: 300_000 }, async (t) => {
    for (const line of await registryOutageScenario(stack, { outageMs: 12_000, paceMs: 200 })) t.diagnostic(line);
  });
});
