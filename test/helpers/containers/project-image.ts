import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT, packagePath } from '../../../src/package-root/index.js';
import type { ContainerEngine } from './engine.js';

export type ImageTarget = 'runtime' | 'simulator' | 'build';

/** What infra/deploy/Dockerfile copies: a change to any of these makes a new image. */
const INPUTS = [
  'infra/deploy/Dockerfile',
  'infra/deploy/Dockerfile.dockerignore',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'infra/patches',
  'src',
  'pipelines',
  'schemas',
];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** sha256 over the Dockerfile's inputs (paths and contents) and the base image (its name and, when known, its id). */
export function imageInputsHash(nodeImage: string | undefined, nodeImageId = ''): string {
  const hash = createHash('sha256').update(`NODE_IMAGE=${nodeImage ?? ''} ${nodeImageId}\n`);
  for (const file of INPUTS.flatMap((input) => files(packagePath(input)))) {
    hash.update(`${relative(PACKAGE_ROOT, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface ProjectImageOptions {
  readonly target: ImageTarget;
  /** The Dockerfile's NODE_IMAGE build argument (default: its own default, the official image). */
  readonly nodeImage?: string | undefined;
  /** Tag of the image to build (default: one named after the target and the inputs' hash). */
  readonly tag?: string;
}

/**
 * The project's image (infra/deploy/Dockerfile) for `target`, built only when no image of the
 * same inputs exists: the test files of one run, and runs without a source change, share it. Its
 * tag names the inputs' hash, so concurrent checkouts never replace each other's image.
 * podman builds `--format docker`: the OCI format drops HEALTHCHECK.
 */
export async function projectImage(engine: ContainerEngine, options: ProjectImageOptions): Promise<string> {
  // A base image rebuilt under the same name (setup.sh after a cleanup) makes a new image too.
  const baseId = options.nodeImage === undefined ? '' : (await engine.run(['image', 'inspect', '--format', '{{.Id}}', options.nodeImage])).stdout.trim();
  const tag = options.tag ?? `localhost/gluster-eventing-test:${options.target}-${imageInputsHash(options.nodeImage, baseId)}`;
  if (options.tag === undefined && (await engine.run(['image', 'inspect', tag])).code === 0) return tag;
  const result = await buildImage(engine, options, tag);
  if (result.code !== 0) {
    const hint = options.nodeImage === undefined ? ` (no image registry here? infra/containers/setup.sh builds local base images; eval "$(infra/containers/setup.sh env)" names them in NODE_IMAGE)` : '';
    throw new Error(`building ${tag} failed${hint}:\n${result.output.split('\n').slice(-25).join('\n')}`);
  }
  return tag;
}

/** `<engine> build` of the Dockerfile, resolving with the exit code and the combined output. */
export async function buildImage(engine: ContainerEngine, options: ProjectImageOptions, tag: string): Promise<{ code: number; output: string }> {
  const result = await engine.run(
    [
      'build',
      ...(engine.name === 'podman' ? ['--format', 'docker'] : []),
      '-f', packagePath('infra/deploy/Dockerfile'),
      '--target', options.target,
      ...(options.nodeImage === undefined ? [] : ['--build-arg', `NODE_IMAGE=${options.nodeImage}`]),
      '-t', tag,
      PACKAGE_ROOT,
    ],
    { timeoutMs: 15 * 60_000 },
  );
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}
