import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliHelp, splitInvocation } from './cli-help.js';
import { cliInvocations } from './invocations.js';

// Asks the real CLI (`<command> --help`), so a renamed command or option fails here, not at deploy time.
test('every command and option the deployment files pass to gluster-eventing exists', async () => {
  const invocations = cliInvocations();
  assert.ok(invocations.length >= 8, `expected Dockerfile, compose, k8s and systemd command lines, found ${invocations.length}`);
  const problems: string[] = [];
  for (const { where, value } of invocations) {
    const { path, flags } = await splitInvocation(value);
    const help = await cliHelp(path).catch((error: unknown) => {
      problems.push(`${where}: \`${path.join(' ')}\` is not a command (${String(error).split('\n')[0] ?? ''})`);
      return undefined;
    });
    if (help === undefined) continue;
    for (const flag of flags) if (!new RegExp(`(^|[\\s,])${flag}(?![\\w-])`, 'm').test(help)) problems.push(`${where}: ${path.join(' ')} has no ${flag}`);
  }
  assert.deepEqual(problems, []);
});

test('the check can fail: a misspelt option is not in the help', async () => {
  const help = await cliHelp(['producer']);
  assert.match(help, /--spool-dir/);
  assert.doesNotMatch(help, /--spool-directory/);
});
