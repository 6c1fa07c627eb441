import { execFile } from 'node:child_process';

export type EngineName = 'docker' | 'podman';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The podman or docker CLI: the commands the README gives operators, run by the tests. */
export interface ContainerEngine {
  readonly name: EngineName;
  /** `<engine> ...args`, resolving with the exit code whatever it is. */
  run(args: readonly string[], options?: { readonly timeoutMs?: number }): Promise<CommandResult>;
  /** `<engine> ...args`, resolving with stdout (trimmed); rejects naming the command and its stderr on exit ≠ 0. */
  ok(args: readonly string[], options?: { readonly timeoutMs?: number }): Promise<string>;
}

export function containerEngine(name: EngineName): ContainerEngine {
  const run = (args: readonly string[], options: { readonly timeoutMs?: number } = {}): Promise<CommandResult> =>
    new Promise((resolve) => {
      execFile(name, args, { timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr: error !== null && error.killed ? `${stderr}\n(killed after ${options.timeoutMs ?? 120_000} ms)` : stderr });
      });
    });
  return {
    name,
    run,
    async ok(args, options) {
      const result = await run(args, options);
      if (result.code !== 0) throw new Error(`${name} ${args.join(' ')} exited with ${result.code}: ${(result.stderr.trim() || result.stdout.trim()).split('\n').slice(-15).join('\n')}`);
      return result.stdout.trim();
    },
  };
}

/**
 * The engine of the image tests, or why there is none: CONTAINER_ENGINE when set (what
 * infra/containers/setup.sh exports), else Docker when its engine answers, else podman when it works.
 * A DOCKER_HOST naming podman's socket is podman behind the Docker API, not a Docker engine.
 */
export async function findContainerEngine(env: Readonly<Record<string, string | undefined>> = process.env): Promise<ContainerEngine | string> {
  const wanted = env['CONTAINER_ENGINE'];
  if (wanted !== undefined && wanted !== '') {
    if (wanted !== 'docker' && wanted !== 'podman') return `CONTAINER_ENGINE=${wanted}: docker or podman`;
    const engine = containerEngine(wanted);
    const info = await engine.run(['info'], { timeoutMs: 30_000 });
    return info.code === 0 ? engine : `CONTAINER_ENGINE=${wanted}, but \`${wanted} info\` failed: ${info.stderr.trim().split('\n').at(-1) ?? ''}`;
  }
  if (!(env['DOCKER_HOST'] ?? '').includes('podman') && (await containerEngine('docker').run(['info'], { timeoutMs: 20_000 })).code === 0) return containerEngine('docker');
  if ((await containerEngine('podman').run(['info'], { timeoutMs: 30_000 })).code === 0) return containerEngine('podman');
  return 'no container engine: no Docker engine answers and podman is missing (infra/containers/setup.sh installs it)';
}
