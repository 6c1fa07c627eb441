/**
 * The `npm test` driver: one shared stack for the whole run instead of one per test file.
 *
 *   node --import tsx test/run-tests.ts [--node-test-flag ...] [file-or-folder ...]
 *
 * Starts a 1-broker stack on free ports in a temporary folder (unless KAFKA_BROKERS and
 * SCHEMA_REGISTRY_URL already name a cluster), runs `node --test --test-concurrency=1` on the test files
 * with those two variables set, passes the exit code through, and always stops the stack: on success,
 * failure, a crash of this script, and SIGINT/SIGTERM. Arguments starting with `--` go to `node --test`
 * (e.g. `--test-name-pattern=topics`); the rest are files or folders (default: every `*.test.ts` in test/
 * except the long fault tests in test/faults/, which `npm run test:faults` names).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTestStack, type TestStack } from './helpers/stack.js';

const testRoot = fileURLToPath(new URL('.', import.meta.url));

function testFiles(paths: readonly string[]): string[] {
  const walk = (path: string): string[] => {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => name !== 'node_modules')
      .sort()
      .flatMap((name) => {
        const child = join(path, name);
        return statSync(child).isDirectory() ? walk(child) : name.endsWith('.test.ts') ? [child] : [];
      });
  };
  // The long fault tests (test/faults/) run only when named: `npm run test:faults`.
  const everything = (): string[] => walk(testRoot).filter((file) => !file.startsWith(join(testRoot, 'faults') + '/'));
  return (paths.length === 0 ? everything() : paths.map((p) => resolve(p)).flatMap(walk)).map((f) => relative(process.cwd(), f));
}

const args = process.argv.slice(2);
const nodeTestFlags = args.filter((a) => a.startsWith('--'));
const files = testFiles(args.filter((a) => !a.startsWith('--')));

let stack: TestStack | undefined;
let stopping: Promise<void> | undefined;
const stopStack = (): Promise<void> => (stopping ??= stack?.stop() ?? Promise.resolve());

const started = Date.now();
process.stderr.write(process.env['KAFKA_BROKERS'] !== undefined && process.env['SCHEMA_REGISTRY_URL'] !== undefined
  ? `run-tests: using KAFKA_BROKERS=${process.env['KAFKA_BROKERS']} SCHEMA_REGISTRY_URL=${process.env['SCHEMA_REGISTRY_URL']}\n`
  : 'run-tests: starting a shared 1-broker stack on free ports...\n');
try {
  stack = await useTestStack({ handleSignals: false });
} catch (error) {
  process.stderr.write(`run-tests: the stack did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
process.stderr.write(`run-tests: stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stack.brokers.join(',')} ${stack.registryUrl}\n`);

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...nodeTestFlags, ...files], {
  stdio: 'inherit',
  env: { ...process.env, KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl },
});

// The test runner is in our process group, so a terminal's Ctrl-C reaches it directly; forward
// signals sent only to us, then let the child's exit below clean up.
// A second signal means "now": exiting runs the stack's exit handler, which SIGKILLs its processes.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (process.exitCode !== undefined) process.exit(process.exitCode);
    child.kill(signal);
    process.exitCode = 128 + constants.signals[signal];
  });
}

const code = await new Promise<number>((resolveExit) => {
  child.once('error', (error) => {
    process.stderr.write(`run-tests: cannot run node --test: ${error.message}\n`);
    resolveExit(1);
  });
  child.once('exit', (exitCode, signal) => resolveExit(exitCode ?? 128 + (signal === null ? 0 : constants.signals[signal])));
});
await stopStack();
process.exit(typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : code);
