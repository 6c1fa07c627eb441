import { execFile, execFileSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import type { CommandResult, ContainerEngine } from './engine.js';

/** A compose project of one test: its services started, looked up, waited for, and removed. */
export interface ComposeProject {
  readonly name: string;
  /** Starts exactly these services (creating the project first), whatever their depends_on says. */
  up(services: readonly string[]): Promise<void>;
  /** The container name of `service`. */
  container(service: string): Promise<string>;
  /** Until the compose file's (or the image's) health check of `service` passes, run by the engine now. */
  healthy(service: string, timeoutMs: number): Promise<void>;
  /** Until `service`, a one-shot job, has exited 0 (rejects with its log when it exits otherwise). */
  completed(service: string, timeoutMs: number): Promise<void>;
  /** The logs of `service` (stdout and stderr). */
  logs(service: string): Promise<string>;
  /** `<compose> down -v`, then whatever still carries the project's label (containers, volumes, networks). */
  down(): Promise<void>;
}

/**
 * The compose command for `engine`: `docker compose` with Docker, `podman-compose` with podman (Debian's
 * 1.0.3 ignores depends_on conditions, hence {@link ComposeProject.up} per stage and the explicit waits).
 */
export function composeCommand(engine: ContainerEngine): readonly string[] {
  return engine.name === 'docker' ? ['docker', 'compose'] : ['podman-compose'];
}

/** Both tools label what they create with the project's name (podman-compose uses Docker's label too). */
const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

/**
 * `file` as project `name`, with `env` as the variables it interpolates. Removed by `down()`, or
 * synchronously when the test process exits first.
 */
export function composeProject(engine: ContainerEngine, options: { readonly name: string; readonly file: string; readonly env: Readonly<Record<string, string>> }): ComposeProject {
  const [tool = '', ...toolArgs] = composeCommand(engine);
  const base = [...toolArgs, '-p', options.name, '-f', options.file];
  const inFlight = new Set<number>();
  const compose = (args: readonly string[], timeoutMs = 300_000): Promise<CommandResult> =>
    new Promise((resolve) => {
      const child = execFile(tool, [...base, ...args], { env: { ...process.env, ...options.env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (child.pid !== undefined) inFlight.delete(child.pid);
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
      });
      if (child.pid !== undefined) inFlight.add(child.pid);
    });
  const sweepNow = (): void => {
    // A compose command still running would go on creating containers after the sweep.
    for (const pid of inFlight) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const run = (args: string[]): string => {
      try {
        return execFileSync(engine.name, args, { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch {
        return ''; // best effort; `setup.sh run` cannot know these (no test-run label), so say what is left
      }
    };
    const filter = ['--filter', `label=${PROJECT_LABEL}=${options.name}`];
    const containers = run(['ps', '-a', '-q', ...filter]).split('\n').filter(Boolean);
    if (containers.length > 0) run(['rm', '-f', '-v', ...(engine.name === 'podman' ? ['-t', '0'] : []), ...containers]);
    const volumes = run(['volume', 'ls', '-q', ...filter]).split('\n').filter(Boolean);
    if (volumes.length > 0) run(['volume', 'rm', '-f', ...volumes]);
    const networks = run(['network', 'ls', '-q', ...filter]).split('\n').filter(Boolean);
    if (networks.length > 0) run(['network', 'rm', '-f', ...networks]);
  };
  process.on('exit', sweepNow);
  let created = false;

  const container = async (service: string): Promise<string> => {
    const name = await engine.ok(['ps', '-a', '--filter', `label=${PROJECT_LABEL}=${options.name}`, '--filter', `label=${SERVICE_LABEL}=${service}`, '--format', '{{.Names}}']);
    if (name === '') throw new Error(`no container of service ${service} in project ${options.name}`);
    return name.split('\n')[0] ?? name;
  };
  const logs = async (service: string): Promise<string> => {
    const result = await engine.run(['logs', await container(service)]);
    return `${result.stdout}${result.stderr}`;
  };
  const state = async (name: string): Promise<{ running: boolean; exited: boolean; exitCode: number }> => {
    const [status = '', exitCode = ''] = (await engine.ok(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name])).split(' ');
    return { running: status === 'running', exited: status === 'exited', exitCode: Number(exitCode) };
  };
  /** Polls `check` until true; fails at once with the service's log when its container has stopped. */
  const until = async (service: string, what: string, timeoutMs: number, check: (name: string) => Promise<boolean>): Promise<void> => {
    const name = await container(service);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check(name)) return;
      const { running, exitCode } = await state(name);
      if (!running || Date.now() > deadline) {
        throw new Error(`${service} ${running ? `not ${what} within ${timeoutMs} ms` : `exited with ${exitCode} before it was ${what}`}; its log:\n${(await logs(service)).slice(-4_000)}`);
      }
      await delay(1_000);
    }
  };

  return {
    name: options.name,
    async up(services) {
      // podman-compose 1.0.3 ignores --no-deps: its `up` runs every dependency again (`podman start` of
      // a finished init job reruns it). So it creates the whole project once without starting anything,
      // and each stage starts exactly its own containers.
      if (engine.name === 'podman') {
        if (!created) {
          const result = await compose(['up', '--no-start', '--no-build']); // not -d: 1.0.3 passes it on to `podman create`
          if (result.code !== 0) throw new Error(`podman-compose up --no-start exited with ${result.code}:\n${(result.stderr || result.stdout).slice(-4_000)}`);
          created = true;
        }
        await engine.ok(['start', ...(await Promise.all(services.map(container)))], { timeoutMs: 300_000 });
        return;
      }
      const result = await compose(['up', '-d', '--no-build', '--no-deps', ...services]);
      if (result.code !== 0) throw new Error(`${tool} up ${services.join(' ')} exited with ${result.code}:\n${(result.stderr || result.stdout).slice(-4_000)}`);
    },
    container,
    async healthy(service, timeoutMs) {
      // No systemd here: podman stores health checks but runs them only when asked. Docker runs them itself.
      await until(service, 'healthy', timeoutMs, async (name) =>
        engine.name === 'podman'
          ? (await engine.run(['healthcheck', 'run', name], { timeoutMs: 60_000 })).code === 0
          : (await engine.run(['inspect', '--format', '{{.State.Health.Status}}', name])).stdout.trim() === 'healthy',
      );
    },
    async completed(service, timeoutMs) {
      const name = await container(service);
      const deadline = Date.now() + timeoutMs;
      for (let now = await state(name); !(now.exited && now.exitCode === 0); now = await state(name)) {
        if (now.exited) throw new Error(`${service} exited with ${now.exitCode}; its log:\n${(await logs(service)).slice(-4_000)}`);
        if (Date.now() > deadline) throw new Error(`${service} not done after ${timeoutMs} ms; its log:\n${(await logs(service)).slice(-4_000)}`);
        await delay(1_000);
      }
    },
    logs,
    async down() {
      await compose(['down', '-v', '-t', '10'], 300_000);
      sweepNow();
      process.off('exit', sweepNow);
    },
  };
}
