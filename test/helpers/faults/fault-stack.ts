import { after, before } from 'node:test';
import { useTestStack, type TestStack } from '../stack.js';
import { killAllCliProcessors } from './cli-processor.js';

/**
 * The stack of a fault-test suite: started before its tests; after them, every CLI processor it
 * started is killed (also those a failed test left running) and the stack stopped. Call inside
 * `describe`; the returned function gives the stack inside a test.
 */
export function useFaultStack(): () => TestStack {
  let stack: TestStack | undefined;
  before(async () => {
    stack = await useTestStack();
  });
  after(async () => {
    await killAllCliProcessors();
    await stack?.stop();
  });
  return () => {
    if (stack === undefined) throw new Error('the fault-test stack is used before its suite started it');
    return stack;
  };
}
