import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../../src/package-root/index.js';

const run = promisify(execFile);
const cache = new Map<string, Promise<string>>();

/**
 * `gluster-eventing <words...> --help` as the real CLI prints it (the TypeScript source through tsx,
 * the same commander definitions the built dist/ runs). Cached per command path.
 */
export function cliHelp(words: readonly string[]): Promise<string> {
  const key = words.join(' ');
  let help = cache.get(key);
  if (help === undefined) {
    help = run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...words, '--help'], { cwd: PACKAGE_ROOT, timeout: 60_000 }).then(({ stdout }) => stdout);
    cache.set(key, help);
  }
  return help;
}

/** The subcommand names a help text lists under `Commands:` (without `help`). */
export function subcommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((match) => match[1] ?? '').filter((name) => name !== 'help');
}

/**
 * The command path and the option names of one invocation: `topics apply --json` ->
 * `{ path: ['topics', 'apply'], flags: ['--json'] }`. A second word is a subcommand only when the
 * first command's help lists it.
 */
export async function splitInvocation(argv: readonly string[]): Promise<{ path: string[]; flags: string[] }> {
  const [command, second] = argv;
  if (command === undefined || command.startsWith('-')) throw new Error(`no command in ${JSON.stringify(argv)}`);
  const path = second !== undefined && subcommands(await cliHelp([command])).includes(second) ? [command, second] : [command];
  const flags = argv.filter((word) => word.startsWith('--')).map((word) => word.split('=')[0] ?? word);
  return { path, flags };
}
