import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from '../../../src/cli/commands/demo.js';
import { afterScenario } from '../../../src/demo/after-scenario.js';

test('the demo keeps running after its scenario only with a terminal on stdin and CI not true, unless a flag says', () => {
  assert.equal(afterScenario({}, { stdinIsTTY: true, ci: false }), 'keep-running');
  assert.equal(afterScenario({}, { stdinIsTTY: false, ci: false }), 'exit');
  assert.equal(afterScenario({}, { stdinIsTTY: true, ci: true }), 'exit');
  assert.equal(afterScenario({ keepRunning: true }, { stdinIsTTY: false, ci: true }), 'keep-running');
  assert.equal(afterScenario({ exitWhenDone: true }, { stdinIsTTY: true, ci: false }), 'exit');
});

test('demo refuses --keep-running with --exit-when-done before it starts anything', async () => {
  const program = new Command('gluster-eventing').exitOverride().configureOutput({ writeErr: () => undefined });
  // Were the flags accepted, this fails the test instead of starting a whole demo.
  program.hook('preAction', () => {
    throw new Error('the demo would start');
  });
  registerDemoCommand(program);
  await assert.rejects(
    program.parseAsync(['demo', '--keep-running', '--exit-when-done'], { from: 'user' }),
    (error: unknown) => error instanceof CommanderError && error.code === 'commander.conflictingOption',
  );
});
