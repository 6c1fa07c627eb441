import { execFileSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { packagePath } from '../../../src/package-root/index.js';
import type { ContainerEngine } from './engine.js';
import type { TestContainer } from './session.js';

/**
 * `describe`'s `skip` for the container tests: the reason when no engine works here, except under
 * CI, where a missing engine must fail (`.ci/run` sets one up with infra/containers/setup.sh).
 */
export function containerTestsSkip(engine: ContainerEngine | string): string | false {
  return typeof engine === 'string' && process.env['CI'] !== 'true' ? engine : false;
}

/** The image settings of the container tests; undefined: the official image (the default where each is used). */
export interface ImageSettings {
  /** The Dockerfile's NODE_IMAGE build argument. */
  readonly nodeImage: string | undefined;
  /** An image configured as apache/kafka is (`stack up --containers`, the compose file). */
  readonly kafkaImage: string | undefined;
  /** An Apicurio Registry image (`stack up --containers`, the compose file). */
  readonly apicurioImage: string | undefined;
}

/**
 * Image names are settings: NODE_IMAGE, KAFKA_IMAGE and APICURIO_IMAGE when set; else the local builds
 * `infra/containers/setup.sh env` names, when that script built them on this machine (it does where no
 * image registry is reachable); else undefined: the official images.
 */
export function imageSettings(engine: ContainerEngine | string, env: Readonly<Record<string, string | undefined>> = process.env): ImageSettings {
  const names = { nodeImage: 'NODE_IMAGE', kafkaImage: 'KAFKA_IMAGE', apicurioImage: 'APICURIO_IMAGE' } as const;
  const set = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  let exports = '';
  if (typeof engine !== 'string' && Object.values(names).some((name) => set(name) === undefined)) {
    try {
      exports = execFileSync(packagePath('infra/containers/setup.sh'), ['env'], { env: { ...env, CONTAINER_ENGINE: engine.name }, encoding: 'utf8', timeout: 60_000 });
    } catch {
      // no answer: the official images
    }
  }
  const local = (name: string): string | undefined => new RegExp(`^export ${name}=(\\S+)$`, 'm').exec(exports)?.[1];
  return {
    nodeImage: set(names.nodeImage) ?? local(names.nodeImage),
    kafkaImage: set(names.kafkaImage) ?? local(names.kafkaImage),
    apicurioImage: set(names.apicurioImage) ?? local(names.apicurioImage),
  };
}

/** The image's HEALTHCHECK command (exec form, without the leading "CMD"), as the engine stored it. */
export async function healthcheckCommand(engine: ContainerEngine, image: string): Promise<string[]> {
  const check = JSON.parse(await engine.ok(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', image])) as { Test?: string[] } | null;
  const [form, ...command] = check?.Test ?? [];
  if (form !== 'CMD' || command.length === 0) throw new Error(`${image} has no exec-form HEALTHCHECK: ${JSON.stringify(check)}`);
  return command;
}

/**
 * Polls `url` until it answers 200 (resolving with the body), failing at once with the container's
 * logs when the container exits, or after `timeoutMs`.
 */
export async function untilAnswers(container: TestContainer, url: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.status === 200) return body;
      last = `${response.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = String(error);
    }
    const exitCode = await container.exitCode();
    if (exitCode !== undefined) throw new Error(`${container.name} exited with ${exitCode} before ${url} answered:\n${(await container.logs()).slice(-4_000)}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last}):\n${(await container.logs()).slice(-4_000)}`);
    await delay(250);
  }
}
