import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GlusterEventingError } from '../errors/index.js';
import { silentLogger, type Logger } from '../logging/index.js';
import { APICURIO_VERSION, KAFKA_VERSION } from './artifacts.js';
import { ContainerEngineUnavailableError } from './errors/index.js';
import { KAFKA_CONTAINER_PORT, kafkaContainerEnvironment } from './kafka-environment.js';
import type { RunningStack } from './running-stack.js';
import { describeExternal } from './status.js';

type Testcontainers = typeof import('testcontainers');
/** Every container of a stack carries its folder: `stack down` finds one that was created but never started. */
export const STACK_LABEL = 'gluster-eventing.stack-dir';
type StartedContainer = Awaited<ReturnType<InstanceType<Testcontainers['GenericContainer']>['start']>>;

/** The official images at the embedded stack's versions: the defaults of `--kafka-image` and `--registry-image`. */
export const DEFAULT_KAFKA_IMAGE = `apache/kafka:${KAFKA_VERSION}`;
export const DEFAULT_REGISTRY_IMAGE = `apicurio/apicurio-registry:${APICURIO_VERSION}`;

export interface ContainerStackOptions {
  readonly dir: string;
  readonly logger?: Logger;
  /** An image configured as apache/kafka is (KAFKA_* variables); default {@link DEFAULT_KAFKA_IMAGE}. */
  readonly kafkaImage?: string | undefined;
  /** An image serving Apicurio Registry on 8080; default {@link DEFAULT_REGISTRY_IMAGE}. */
  readonly registryImage?: string | undefined;
  /** Host ports; default the embedded stack's (broker 9092, registry 8081). */
  readonly ports?: { readonly broker: number; readonly registry: number };
  /** Labels on both containers (e.g. a test run's, so that what a crashed run left can be found). */
  readonly labels?: Readonly<Record<string, string>>;
  /** How long each container may take to be ready (a first JVM start on a busy 2-core VM: ~40 s). */
  readonly startupTimeoutMs?: number;
}

/**
 * The same single-broker stack on the same default addresses, through testcontainers, for machines with
 * a container engine and no Java. Deliberately thin: one broker, in-memory registry, no fault injection.
 * Whether the containers outlive this process is decided by the caller (testcontainers' reaper; the CLI
 * disables it). Their ids go to `containers.json` in `dir` as each starts, so `stack down` removes them;
 * when one fails to start, those already started are removed before the error is thrown.
 */
export async function startContainerStack(options: ContainerStackOptions): Promise<RunningStack> {
  const logger = options.logger ?? silentLogger;
  const ports = options.ports ?? { broker: 9092, registry: 8081 };
  const startupTimeout = options.startupTimeoutMs ?? 180_000;
  const dir = resolve(options.dir);
  const tc = await loadTestcontainers();
  await mkdir(dir, { recursive: true });
  const started: StartedContainer[] = [];
  // Written before anything starts: a failed start is then cleaned up by `stack down` too.
  await writeFile(join(dir, 'containers.json'), JSON.stringify({ ids: [] }) + '\n');
  const record = async (container: StartedContainer): Promise<void> => {
    started.push(container);
    await writeFile(join(dir, 'containers.json'), JSON.stringify({ ids: started.map((c) => c.getId()) }) + '\n');
  };
  try {
    await record(
      await new tc.GenericContainer(options.kafkaImage ?? DEFAULT_KAFKA_IMAGE)
        .withExposedPorts({ container: KAFKA_CONTAINER_PORT, host: ports.broker })
        .withEnvironment(kafkaContainerEnvironment(`127.0.0.1:${ports.broker}`))
        .withLabels({ ...options.labels, [STACK_LABEL]: dir })
        .withWaitStrategy(tc.Wait.forLogMessage(/Kafka Server started/))
        .withStartupTimeout(startupTimeout)
        .start(),
    );
    await record(
      await new tc.GenericContainer(options.registryImage ?? DEFAULT_REGISTRY_IMAGE)
        .withExposedPorts({ container: 8080, host: ports.registry })
        .withLabels({ ...options.labels, [STACK_LABEL]: dir })
        .withWaitStrategy(tc.Wait.forHttp('/health/ready', 8080))
        .withStartupTimeout(startupTimeout)
        .start(),
    );
  } catch (error) {
    await stopContainerStack({ dir });
    throw error;
  }
  logger.info({ containers: started.map((c) => c.getId()) }, 'stack containers started');
  const brokers = [`127.0.0.1:${ports.broker}`];
  const registryUrl = `http://127.0.0.1:${ports.registry}/apis/ccompat/v7`;
  const thin = async (): Promise<never> => {
    throw new GlusterEventingError('STACK_NOT_OWNED', 'containers mode has no fault injection; use the process stack');
  };
  return {
    mode: 'containers',
    brokers,
    registryUrl,
    dir,
    stop: async () => {
      await stopContainerStack({ dir });
    },
    killBroker: thin,
    stopBroker: thin,
    restartBroker: thin,
    stopRegistry: thin,
    startRegistry: thin,
    status: () => describeExternal(brokers, registryUrl, 'containers'),
  };
}

/**
 * Removes the containers recorded in `dir` and any other container labelled with it (one created but not
 * started, e.g. when its port was taken); false when there were none.
 */
export async function stopContainerStack(options: { readonly dir: string }): Promise<boolean> {
  const dir = resolve(options.dir);
  const file = join(dir, 'containers.json');
  const recorded = await readFile(file, 'utf8').then(
    (text) => (JSON.parse(text) as { ids: string[] }).ids,
    () => undefined,
  );
  if (recorded === undefined) return false;
  const tc = await loadTestcontainers();
  const client = await tc.getContainerRuntimeClient();
  const labelled = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${STACK_LABEL}=${dir}`] } });
  for (const id of new Set([...recorded, ...labelled.map((info) => info.Id)])) {
    const container = client.container.getById(id);
    await client.container.stop(container, { timeout: 10 }).catch(() => undefined);
    await client.container.remove(container, { removeVolumes: true }).catch(() => undefined);
  }
  await rm(file, { force: true });
  return true;
}

/** testcontainers is an optional dependency: load it only here, and check for an engine before anything else. */
async function loadTestcontainers(): Promise<Testcontainers> {
  let tc: Testcontainers;
  try {
    tc = await import('testcontainers');
  } catch (error) {
    throw new ContainerEngineUnavailableError('the optional package `testcontainers` is not installed', error);
  }
  try {
    await tc.getContainerRuntimeClient();
  } catch (error) {
    throw new ContainerEngineUnavailableError('no Docker engine is reachable (checked DOCKER_HOST, the Docker socket and testcontainers settings); use the default process stack instead', error);
  }
  return tc;
}
