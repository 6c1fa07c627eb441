import { spawn } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../logging/index.js';
import { packagePath } from '../package-root/index.js';
import { ArtifactFetchError } from './errors/index.js';
import { checkMaven } from './prerequisites.js';

/** Must match `infra/stack/pom.xml`. */
export const KAFKA_VERSION = '4.1.1';
export const APICURIO_VERSION = '3.0.9';

const infraDir = packagePath('infra', 'stack');

/** Where the Java parts of the stack live once fetched. */
export interface StackArtifacts {
  readonly kafkaClasspath: string;
  readonly registryJar: string;
  readonly log4jConfig: string;
}

export interface EnsureArtifactsOptions {
  readonly cacheDir: string;
  readonly logger: Logger;
  /** Maven's download lines, for a human watching the first run; library callers may ignore them. */
  readonly onProgress?: (line: string) => void;
  readonly mvn?: string;
}

/**
 * Makes sure Kafka's jars and the Apicurio app are in `cacheDir`, running Maven on the pom only when a
 * previous run did not finish (a marker is written last, so an interrupted download is retried).
 */
export async function ensureArtifacts(options: EnsureArtifactsOptions): Promise<StackArtifacts> {
  const { cacheDir, logger } = options;
  const artifacts: StackArtifacts = {
    kafkaClasspath: join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs', '*'),
    registryJar: join(cacheDir, `apicurio-${APICURIO_VERSION}`, `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`),
    log4jConfig: join(infraDir, 'log4j2.properties'),
  };
  const marker = join(cacheDir, `.complete-kafka-${KAFKA_VERSION}-apicurio-${APICURIO_VERSION}`);
  if (await exists(marker)) return artifacts;

  const mvn = options.mvn ?? 'mvn';
  await checkMaven(mvn);
  logger.info({ cacheDir }, 'fetching stack artifacts with maven');
  await runMaven(mvn, cacheDir, options.onProgress ?? ((line) => logger.debug({ line }, 'maven')));
  await writeFile(marker, new Date().toISOString() + '\n');
  return artifacts;
}

const PROGRESS_LINE = /Download(ing|ed) from|\[get\]|\[untar\]|BUILD (SUCCESS|FAILURE)/;

async function runMaven(mvn: string, cacheDir: string, onProgress: (line: string) => void): Promise<void> {
  const args = ['-B', '-f', join(infraDir, 'pom.xml'), `-Dstack.cache=${cacheDir}`, 'generate-resources'];
  const child = spawn(mvn, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: string[] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (raw) => {
    const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
    if (line.startsWith('[ERROR]') && line.length > 8) errors.push(line.slice(8));
    if (PROGRESS_LINE.test(line)) onProgress(line.replace(/^\[INFO\]\s*/, ''));
  });
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).catch((error: unknown) => {
    throw new ArtifactFetchError(cacheDir, `cannot run ${mvn}`, error);
  });
  if (code !== 0) throw new ArtifactFetchError(cacheDir, errors[0] ?? `mvn exited with ${String(code)}`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
