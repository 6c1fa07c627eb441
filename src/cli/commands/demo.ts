import { constants, homedir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { afterScenario, type AfterScenarioFlags } from '../../demo/after-scenario.js';
import { runDemo } from '../../demo/run-demo.js';
import { createLogger } from '../../logging/index.js';

/** A stop that takes longer than this is stuck: exit, and the exit hooks kill what is left by pid. */
const STOP_TIMEOUT_MS = 60_000;
/**
 * One Ctrl-C under `npm run demo` arrives twice (from the terminal, and forwarded by npm): a repeat
 * counts as "again" only after this long.
 */
const REPEAT_AFTER_MS = 1_000;
/** SIGHUP: the terminal closed; the demo must not leave its stack behind then either. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * `gluster-eventing demo`: the whole system on this machine and a scenario with a summary; then it keeps
 * running for a look at the live view and the query API until Ctrl-C/SIGTERM (in a terminal, or with
 * `--keep-running`), or exits at once (`--exit-when-done`, no terminal on stdin, or CI=true). Exit code:
 * 0 when every expected event was seen, 1 when not, 128+signal when stopped mid-scenario. Leaves
 * nothing running: a first SIGINT/SIGTERM stops everything in order, a second one exits at once, and
 * the stack's processes and the nodes' bus daemons are killed by pid on the way out.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run Kafka, the registry, 3 simulated Gluster nodes, producers and the processor through a scenario')
    .option('--log-level <level>', 'JSON logs on stderr at this level', 'warn')
    .addOption(new Option('--keep-running', 'after the scenario, keep everything up until Ctrl-C/SIGTERM (default when stdin is a terminal and CI is not true)').conflicts('exitWhenDone'))
    .addOption(new Option('--exit-when-done', 'stop everything and exit when the scenario ends (default without a terminal on stdin, or under CI=true)'))
    .action(async (options: AfterScenarioFlags & { logLevel: string }) => {
      const abort = new AbortController();
      let first: { readonly signal: NodeJS.Signals; readonly at: number } | undefined;
      const onSignal = (signal: NodeJS.Signals): void => {
        if (first === undefined) {
          first = { signal, at: Date.now() };
          abort.abort();
          setTimeout(() => {
            process.stderr.write(`demo: not stopped within ${STOP_TIMEOUT_MS / 1000} s; exiting (the stack and bus daemons are killed by pid)\n`);
            process.exit(1);
          }, STOP_TIMEOUT_MS).unref();
          return;
        }
        if (Date.now() - first.at < REPEAT_AFTER_MS) return;
        process.stderr.write(`demo: ${signal} again; exiting at once (the stack and bus daemons are killed by pid)\n`);
        process.exit(128 + constants.signals[signal]);
      };
      for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
      try {
        const outcome = await runDemo({
          env: process.env,
          cacheDir: process.env['GLUSTER_EVENTING_CACHE'] ?? join(homedir(), '.cache', 'gluster-eventing'),
          logger: createLogger({ level: options.logLevel, component: 'demo' }),
          print: (line) => process.stdout.write(`${line}\n`),
          afterScenario: afterScenario(options, { stdinIsTTY: process.stdin.isTTY === true, ci: process.env['CI'] === 'true' }),
          signal: abort.signal,
          stopHint: `Ctrl-C (or kill ${process.pid}) stops everything; pressed again, it exits at once.`,
        });
        process.exitCode = outcome === 'interrupted' ? 128 + constants.signals[first?.signal ?? 'SIGINT'] : outcome === 'passed' ? 0 : 1;
      } finally {
        for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      }
    });
}
