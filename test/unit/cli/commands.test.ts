import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { commands } from '../../../src/cli/commands/index.js';
import { commandNamed, registerCommands } from '../../../src/cli/register-commands.js';

const program = (): Command => new Command('gluster-eventing').option('--config <file>', 'settings file').exitOverride();

test('every command entry loads a module that registers exactly that command, with the summary as its description', async () => {
  for (const entry of commands) {
    const target = program();
    (await entry.load())(target);
    assert.deepEqual(
      target.commands.map((command) => [command.name(), command.description()]),
      [[entry.name, entry.summary]],
      `entry ${entry.name}`,
    );
  }
});

test('the command to load is found after global options and their values, and through help', () => {
  assert.equal(commandNamed(program(), ['producer', '--bus', 'unix:path=/x']), 'producer');
  assert.equal(commandNamed(program(), ['--config', 'producer.json', 'producer', '--spool-dir', 'tail']), 'producer');
  assert.equal(commandNamed(program(), ['--config=settings.json', 'tail', 'gluster.raw.v1']), 'tail');
  assert.equal(commandNamed(program(), ['help', 'processor']), 'processor');
  assert.equal(commandNamed(program(), ['--help']), undefined);
  assert.equal(commandNamed(program(), []), undefined);
  assert.equal(commandNamed(program(), ['--config']), undefined, 'a missing option value is left to the real parse');
});

test('only the command that runs is registered in full; --help still lists every command', async () => {
  const target = program();
  let loads = 0;
  const counted = commands.map((entry) => ({ ...entry, load: () => ((loads += 1), entry.load()) }));
  await registerCommands(target, counted, ['schemas', 'check']);
  assert.equal(loads, 1);
  assert.deepEqual(
    target.commands.map((command) => command.name()),
    commands.map((entry) => entry.name),
  );
  assert.deepEqual(
    target.commands.find((command) => command.name() === 'schemas')?.commands.map((command) => command.name()),
    ['register', 'check'],
  );
  const help = target.helpInformation();
  for (const entry of commands) assert.match(help, new RegExp(`\\b${entry.name}\\b`));
});
