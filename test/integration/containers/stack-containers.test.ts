import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { topicCatalog } from '../../../src/kafka/index.js';
import { packagePath } from '../../../src/package-root/index.js';
import { CONTAINER_STACK_LABEL, pickFreePorts, startContainerStack, stopContainerStack, type RunningStack } from '../../../src/stack/index.js';
import { containerTestsSkip, findContainerEngine, imageSettings, testRunLabels, type ContainerEngine } from '../../helpers/containers/index.js';
import { killAllCliProcessors, startCliProcessor, type CliProcessor } from '../../helpers/faults/cli-processor.js';
import { uniqueName, waitFor } from '../../helpers/stack.js';

const run = promisify(execFile);
const engine = await findContainerEngine();
const { kafkaImage, apicurioImage } = imageSettings(engine);

/**
 * testcontainers talks to podman through podman's Docker-compatible API service, which
 * `infra/containers/setup.sh run -- ...` starts and names in DOCKER_HOST (with Ryuk off: its image is on
 * Docker Hub). A Docker engine needs nothing: testcontainers finds its socket.
 */
function noDockerApi(found: ContainerEngine | string): string | false {
  if (typeof found === 'string' || found.name === 'docker' || (process.env['DOCKER_HOST'] ?? '') !== '') return false;
  const why = 'podman without DOCKER_HOST: run under `infra/containers/setup.sh run -- ...`, which starts podman\'s API service for testcontainers';
  return process.env['CI'] === 'true' ? false : why;
}

/**
 * `gluster-eventing <args>` as an operator runs it, with `env` instead of the test run's cluster (whose
 * KAFKA_BROKERS and SCHEMA_REGISTRY_URL would make `stack down` leave everything alone); resolves with its stdout.
 */
async function cli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<string> {
  const { KAFKA_BROKERS: _brokers, SCHEMA_REGISTRY_URL: _registry, ...inherited } = process.env;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', packagePath('src/cli/main.ts'), ...args], {
    env: { ...inherited, GLUSTER_EVENTING_LOG_LEVEL: 'warn', ...env },
    timeout: 180_000,
  });
  return stdout;
}

describe(`stack up --containers through testcontainers (${typeof engine === 'string' ? 'no engine' : engine.name})`, { skip: containerTestsSkip(engine) || noDockerApi(engine) }, () => {
  let dir: string;
  let stack: RunningStack | undefined;
  let processor: CliProcessor | undefined;
  const prefix = uniqueName('tc').toLowerCase();
  let env: Record<string, string>;

  before(async () => {
    if (typeof engine === 'string') throw new Error(`CI runs the container tests, but ${engine}`);
    if (noDockerApi(engine) === false && engine.name === 'podman' && (process.env['DOCKER_HOST'] ?? '') === '') {
      throw new Error('CI runs the container tests, but DOCKER_HOST does not name podman\'s API service (infra/containers/setup.sh run -- ...)');
    }
    dir = mkdtempSync(join(tmpdir(), 'ge-tc-stack-'));
    // Free ports, not the CLI's 9092/8081: another stack may hold those on a shared machine.
    const [broker, registry] = (await pickFreePorts(2)) as [number, number];
    stack = await startContainerStack({ dir, kafkaImage, registryImage: apicurioImage, ports: { broker, registry }, labels: testRunLabels() });
    env = { KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix };
  });

  after(async () => {
    await processor?.terminate();
    await killAllCliProcessors();
    // `stack down` is under test below; this only removes what a failed test left.
    if (dir !== undefined) await stopContainerStack({ dir });
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('its broker and registry take `topics apply` and `schemas register`, as any cluster does', async () => {
    await cli(['topics', 'apply'], env);
    await cli(['schemas', 'register'], env);
    const kafka = new Kafka({ clientId: 'tc-stack-test', brokers: [...stack!.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = new Set(await admin.listTopics());
      for (const spec of topicCatalog(prefix)) assert.ok(topics.has(spec.name), `${spec.name} was not created`);
    } finally {
      await admin.disconnect();
    }
    const subjects = (await (await fetch(`${stack!.registryUrl}/subjects`)).json()) as string[];
    assert.ok(subjects.some((subject) => subject.startsWith(`${prefix}.raw.v1`)), `no subject of ${prefix}.raw.v1 in ${JSON.stringify(subjects)}`);
  });

  test('a processor runs against it and answers /readyz', async () => {
    processor = await startCliProcessor({ stack: stack!, prefix, applicationId: `${prefix}-processor`, env: {} });
    await waitFor(() => processor!.ready(), { timeoutMs: 120_000, what: `the processor's /readyz:\n${processor.log().slice(-3_000)}` });
    assert.equal(await processor.terminate(), 0);
  });

  test('`stack down` removes its containers: the engine knows none of them afterwards', async () => {
    const live = engine as ContainerEngine;
    const { ids } = JSON.parse(readFileSync(join(dir, 'containers.json'), 'utf8')) as { ids: string[] };
    assert.equal(ids.length, 2, 'the broker and the registry were recorded');
    const output = await cli(['stack', 'down', '--dir', dir], {});
    assert.match(output, /stack stopped/);
    for (const id of ids) assert.notEqual((await live.run(['container', 'inspect', id])).code, 0, `container ${id} is still there`);
    assert.equal(await live.ok(['ps', '-a', '-q', '--filter', `label=${CONTAINER_STACK_LABEL}=${dir}`]), '');
  });
});
