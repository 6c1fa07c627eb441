import { execFileSync } from 'node:child_process';
import type { CommandResult, ContainerEngine } from './engine.js';

/** Every container and volume of one test run carries this label (infra/containers/setup.sh `run` removes what is left). */
export const TEST_RUN_LABEL = 'gluster-eventing.test-run';
const testRun = process.env['GLUSTER_EVENTING_TEST_RUN'] ?? `pid-${process.pid}`;

/** The label of this run, for containers started by other means than a session (testcontainers, compose). */
export const testRunLabels = (): Record<string, string> => ({ [TEST_RUN_LABEL]: testRun });

export interface TestContainer {
  readonly name: string;
  exec(command: readonly string[]): Promise<CommandResult>;
  /** stdout and stderr of the container so far. */
  logs(): Promise<string>;
  /** SIGTERM, SIGKILL after `graceSeconds`; resolves once it has exited. */
  stop(graceSeconds?: number): Promise<void>;
  /** The exit code once it has exited, undefined while it runs. */
  exitCode(): Promise<number | undefined>;
}

export interface ContainerSession {
  readonly engine: ContainerEngine;
  /**
   * `<engine> run -d --name <unique> --label ... <runArgs> <image> <command>`. Removed, with its
   * anonymous volumes, by `cleanup()` or when this process exits, whether or not it started.
   */
  start(hint: string, runArgs: readonly string[], image: string, command?: readonly string[]): Promise<TestContainer>;
  /** A new named volume, removed by `cleanup()` (after the containers) or at exit. */
  volume(hint: string): Promise<string>;
  /** Removes the containers, then the volumes, this session created. Safe to call twice. */
  cleanup(): Promise<void>;
}

let counter = 0;
const uniqueName = (hint: string): string => `ge-test-${hint}-${process.pid}-${Date.now().toString(36)}-${(counter += 1)}`;

/**
 * Containers and volumes for one test file. Names are chosen before `run`, so a container that was
 * created but failed to start is removed too; an exit of the test process (a failed assertion,
 * Ctrl-C) removes what `cleanup()` has not, synchronously.
 */
export function containerSession(engine: ContainerEngine): ContainerSession {
  const containers = new Set<string>();
  const volumes = new Set<string>();
  const removeNow = (): void => {
    const run = (args: string[]): void => {
      try {
        execFileSync(engine.name, args, { stdio: 'ignore', timeout: 60_000 });
      } catch {
        // best effort at exit; `setup.sh run` removes by label what is left
      }
    };
    if (containers.size > 0) run(['rm', '-f', '-v', ...containers]);
    if (volumes.size > 0) run(['volume', 'rm', '-f', ...volumes]);
    containers.clear();
    volumes.clear();
  };
  const onSignal = (signal: NodeJS.Signals): void => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.on('exit', removeNow);
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const label = Object.entries(testRunLabels()).flatMap(([name, value]) => ['--label', `${name}=${value}`]);

  return {
    engine,
    async start(hint, runArgs, image, command = []) {
      const name = uniqueName(hint);
      containers.add(name);
      await engine.ok(['run', '-d', '--name', name, ...label, ...runArgs, image, ...command], { timeoutMs: 120_000 });
      return {
        name,
        exec: (argv) => engine.run(['exec', name, ...argv], { timeoutMs: 60_000 }),
        logs: async () => {
          const result = await engine.run(['logs', name]);
          return `${result.stdout}${result.stderr}`;
        },
        async stop(graceSeconds = 10) {
          await engine.ok(['stop', '-t', String(graceSeconds), name], { timeoutMs: (graceSeconds + 60) * 1000 });
        },
        async exitCode() {
          const [running = '', code = ''] = (await engine.ok(['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', name])).split(' ');
          return running === 'true' ? undefined : Number(code);
        },
      };
    },
    async volume(hint) {
      const name = uniqueName(hint);
      volumes.add(name);
      await engine.ok(['volume', 'create', ...label, name]);
      return name;
    },
    async cleanup() {
      const failures: string[] = [];
      for (const name of containers) {
        const result = await engine.run(['rm', '-f', '-v', name], { timeoutMs: 120_000 });
        if (result.code === 0 || /no such container|no container with name/i.test(result.stderr)) containers.delete(name);
        else failures.push(`container ${name}: ${result.stderr.trim()}`);
      }
      for (const name of volumes) {
        const result = await engine.run(['volume', 'rm', '-f', name], { timeoutMs: 60_000 });
        if (result.code === 0 || /no such volume|no volume with name/i.test(result.stderr)) volumes.delete(name);
        else failures.push(`volume ${name}: ${result.stderr.trim()}`);
      }
      if (containers.size === 0 && volumes.size === 0) {
        process.off('exit', removeNow).off('SIGINT', onSignal).off('SIGTERM', onSignal);
      }
      if (failures.length > 0) throw new Error(`cleanup left ${failures.join('; ')}`);
    },
  };
}
