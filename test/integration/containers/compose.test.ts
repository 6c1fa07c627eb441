import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TOPIC_PREFIX } from '../../../src/config/index.js';
import { topicNames } from '../../../src/kafka/index.js';
import { packagePath } from '../../../src/package-root/index.js';
import { pickFreePorts } from '../../../src/stack/index.js';
import {
  composeCommand,
  composeProject,
  containerSession,
  containerTestsSkip,
  findContainerEngine,
  imageSettings,
  projectImage,
  type ComposeProject,
  type ContainerEngine,
  type ContainerSession,
  type TestContainer,
} from '../../helpers/containers/index.js';
import { waitFor } from '../../helpers/stack.js';
import { asObject, composeServices } from '../../unit/deploy/deploy-files.js';

const run = promisify(execFile);
const engine = await findContainerEngine();
const images = imageSettings(engine);
const names = topicNames(DEFAULT_TOPIC_PREFIX);

/** Why the compose tool does not answer (skip reason), or false; under CI it must answer. */
async function noComposeTool(found: ContainerEngine | string): Promise<string | false> {
  if (typeof found === 'string') return false;
  const [tool = '', ...args] = composeCommand(found);
  const answers = await run(tool, [...args, 'version'], { timeout: 30_000 }).then(() => true, () => false);
  if (answers || process.env['CI'] === 'true') return false;
  return `${[tool, ...args].join(' ')} does not answer (infra/containers/setup.sh installs podman-compose)`;
}

interface Tailed {
  readonly key: unknown;
  readonly value: Record<string, unknown> | null;
}

/** The records a `tail --follow` container printed so far (one JSON line each, on stdout). */
async function tailed(container: TestContainer): Promise<Tailed[]> {
  return (await container.logs())
    .split('\n')
    .filter((line) => line.startsWith('{"partition"'))
    .map((line) => JSON.parse(line) as Tailed);
}

describe(`the compose file (infra/deploy/docker-compose.yml) with ${typeof engine === 'string' ? 'no engine' : composeCommand(engine).join(' ')}`, { skip: containerTestsSkip(engine) || (await noComposeTool(engine)) }, () => {
  let project: ComposeProject | undefined;
  let session: ContainerSession;
  let processorPort: number;
  let alerts: TestContainer;
  let volumes: TestContainer;

  before(async () => {
    if (typeof engine === 'string') throw new Error(`CI runs the container tests, but ${engine}`);
    session = containerSession(engine);
    // The project's images as the other container tests build them (once per source change).
    const [runtime, simulator] = await Promise.all([
      projectImage(engine, { target: 'runtime', nodeImage: images.nodeImage }),
      projectImage(engine, { target: 'simulator', nodeImage: images.nodeImage }),
    ]);
    const [registryPort, port] = (await pickFreePorts(2)) as [number, number];
    processorPort = port;
    project = composeProject(engine, {
      name: `ge-test-compose-${process.pid}-${Date.now().toString(36)}`,
      file: packagePath('infra/deploy/docker-compose.yml'),
      env: {
        ...(images.kafkaImage === undefined ? {} : { KAFKA_IMAGE: images.kafkaImage }),
        ...(images.apicurioImage === undefined ? {} : { APICURIO_IMAGE: images.apicurioImage }),
        GLUSTER_EVENTING_IMAGE: runtime,
        GLUSTER_EVENTING_SIMULATOR_IMAGE: simulator,
        REGISTRY_PORT: String(registryPort),
        PROCESSOR_PORT: String(processorPort),
      },
    });
    // In the order the file's depends_on conditions say, each stage once the previous one is ready.
    await project.up(['kafka-1', 'kafka-2', 'kafka-3']);
    await Promise.all(['kafka-1', 'kafka-2', 'kafka-3'].map((broker) => project!.healthy(broker, 300_000)));
    await project.up(['registry', 'topics-init']);
    await project.healthy('registry', 240_000);
    await project.up(['schemas-init']);
    await Promise.all([project.completed('topics-init', 180_000), project.completed('schemas-init', 180_000)]);
    // The processor first, ready, then the nodes: the scenario creates gv0 and deletes it 12 s later,
    // and a processor still starting would meet all of it in one commit, whose record cache writes
    // gv0's last value only (its tombstone); the test wants to see gv0 live, as a consumer of a
    // running processor does. (CI once saw only the tombstone, the processor having started late.)
    await project.up(['processor']);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${processorPort}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.status === 200, {
      timeoutMs: 240_000,
      intervalMs: 1_000,
      what: 'the processor ready before the simulated nodes play their scenario',
    });
    await project.up(['simulator']);
    await project.healthy('simulator', 120_000);
    await project.up(['producer-node1', 'producer-node2']);

    // Real consumers of the compose stack's Kafka: the image's `tail`, on the project's network, with
    // the cluster settings the file gives its own services.
    const network = (await engine.ok(['inspect', '--format', '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}', await project.container('processor')])).split(' ')[0] ?? '';
    const settings = asObject(new Map(composeServices()).get('processor')?.['environment'], 'processor environment');
    const cluster = ['--network', network, '-e', `KAFKA_BROKERS=${String(settings['KAFKA_BROKERS'])}`, '-e', `SCHEMA_REGISTRY_URL=${String(settings['SCHEMA_REGISTRY_URL'])}`];
    [alerts, volumes] = await Promise.all([
      session.start('compose-alerts', [...cluster, '--no-healthcheck'], runtime, ['tail', names.alerts, '--from-beginning', '--follow']),
      session.start('compose-volumes', [...cluster, '--no-healthcheck'], runtime, ['tail', names.volumes, '--from-beginning', '--follow']),
    ]);
  });

  after(async () => {
    await session?.cleanup();
    await project?.down();
  });

  test('its processor answers /readyz on the published port', async () => {
    const url = `http://127.0.0.1:${processorPort}/readyz`;
    const body = await waitFor(
      async () => {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        return response.status === 200 ? response.text() : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1_000, what: url },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; the processor's log:\n${(await project!.logs('processor')).slice(-4_000)}`, { cause: error });
    });
    assert.match((JSON.parse(body) as { reason: string }).reason, /^running \d+ tasks$/);
  });

  test("the derived topics show the demo scenario's states and alerts (src/simulator/scenarios/demo.json)", async () => {
    // The processor's record cache (on, as deployed) forwards a key's latest value per commit, so a
    // state or alert that came and went within one commit may show only its end: the test asserts
    // what must be there whatever the commits, each alert's last state and gv0's deletion.
    const expectedLast: Record<string, string> = {
      BRICK_ON_FAILING_DRIVE: 'RESOLVED', // srv1:/bricks/b1 on sda: sda fails SMART, then gv0 is deleted
      GLUSTERD_DOWN: 'RESOLVED', // node2's glusterd fails, then is active again
      VOLUME_STOPPED: 'RESOLVED', // gv0 stopped, then deleted
      DRIVE_SMART_FAILING: 'RAISED', // sda passes SMART again, but keeps its 12 bad sectors
    };
    const lastByType = (records: Tailed[]): Map<string, string> => {
      const last = new Map<string, string>();
      for (const { value } of records) if (value !== null) last.set(String(value['type']), String(value['state']));
      return last;
    };
    const show = async (): Promise<string> => `alerts:\n${(await alerts.logs()).slice(-4_000)}\nvolumes:\n${(await volumes.logs()).slice(-4_000)}`;
    try {
      await waitFor(async () => {
        const last = lastByType(await tailed(alerts));
        return Object.entries(expectedLast).every(([type, state]) => last.get(type) === state);
      }, { timeoutMs: 180_000, intervalMs: 2_000, what: `the scenario's alerts, last states ${JSON.stringify(expectedLast)}` });
      // gv0 created (and started, stopped: as the commits fell), then deleted: a tombstone last.
      await waitFor(async () => {
        const gv0 = (await tailed(volumes)).filter((record) => record.key === 'gv0');
        return gv0.some((record) => record.value !== null) && gv0.at(-1)?.value === null;
      }, { timeoutMs: 60_000, intervalMs: 2_000, what: 'gv0 in the volume states, then its tombstone' });
    } catch (error) {
      throw new Error(`${String(error)}\n${await show()}`, { cause: error });
    }
  });
});
