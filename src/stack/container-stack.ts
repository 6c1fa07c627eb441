import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GlusterEventingError } from '../errors/index.js';
import { silentLogger, type Logger } from '../logging/index.js';
import { APICURIO_VERSION, KAFKA_VERSION } from './artifacts.js';
import { ContainerEngineUnavailableError } from './errors/index.js';
import type { RunningStack } from './running-stack.js';
import { describeExternal } from './status.js';

type Testcontainers = typeof import('testcontainers');

/**
 * The same single-broker stack on the same default addresses, through testcontainers, for machines with
 * a Docker engine and no Java. Deliberately thin: one broker, in-memory registry, no fault injection.
 * Whether the containers outlive this process is decided by the caller (testcontainers' reaper; the CLI
 * disables it). Their ids go to `containers.json` in `dir` so `stack down` can remove them.
 */
export async function startContainerStack(options: { readonly dir: string; readonly logger?: Logger }): Promise<RunningStack> {
  const logger = options.logger ?? silentLogger;
  const tc = await loadTestcontainers();
  const kafka = await new tc.GenericContainer(`apache/kafka:${KAFKA_VERSION}`)
    .withExposedPorts({ container: 9092, host: 9092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:9092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(tc.Wait.forLogMessage(/Kafka Server started/))
    .start();
  const registry = await new tc.GenericContainer(`apicurio/apicurio-registry:${APICURIO_VERSION}`)
    .withExposedPorts({ container: 8080, host: 8081 })
    .withWaitStrategy(tc.Wait.forHttp('/health/ready', 8080))
    .start();
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'containers.json'), JSON.stringify({ ids: [kafka.getId(), registry.getId()] }) + '\n');
  logger.info({ kafka: kafka.getId(), registry: registry.getId() }, 'stack containers started');
  const brokers = ['127.0.0.1:9092'];
  const registryUrl = 'http://127.0.0.1:8081/apis/ccompat/v7';
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

/** Removes the containers recorded in `dir`; false when there were none. */
export async function stopContainerStack(options: { readonly dir: string }): Promise<boolean> {
  const file = join(resolve(options.dir), 'containers.json');
  let ids: string[];
  try {
    ids = (JSON.parse(await readFile(file, 'utf8')) as { ids: string[] }).ids;
  } catch {
    return false;
  }
  const tc = await loadTestcontainers();
  const client = await tc.getContainerRuntimeClient();
  for (const id of ids) {
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
