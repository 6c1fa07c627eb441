import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import { startSimulatedCluster, type NodeSpecInput, type SimulatedCluster } from '../../../src/simulator/index.js';
import { pickFreePorts } from '../../../src/stack/index.js';
import { containerSession, containerTestsSkip, findContainerEngine, imageSettings, projectImage, type ContainerSession, type TestContainer } from '../../helpers/containers/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';
import { asArray, asObject, containers, isObject, k8sObject, podSpec, type JsonObject } from '../../unit/deploy/deploy-files.js';
import { rawTopicReader } from '../producer-kafka-reader.js';

const engine = await findContainerEngine();
const { nodeImage } = imageSettings(engine);

/**
 * dbus-daemon refuses a connection from a uid the host cannot name, so the image's uid 10001 needs a
 * user on the host, as on every storage node (the DaemonSet says so; infra/containers/setup.sh adds it).
 */
function missingImageUser(): string | undefined {
  try {
    execFileSync('getent', ['passwd', '10001'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'no user with uid 10001 on this host: the bus refuses the producer container (useradd --system --uid 10001 gluster-eventing, or infra/containers/setup.sh)';
  }
}
const noImageUser = missingImageUser();
const skip = containerTestsSkip(engine) || (noImageUser !== undefined && process.env['CI'] !== 'true' ? noImageUser : false);

const NODE: NodeSpecInput = {
  id: 'node1',
  glusterUuid: '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6ac001',
  hostname: 'srv1',
  drives: [{ device: 'sda', kind: 'ata', model: 'SIM HDD', serial: 'CT1A' }],
  bricks: [{ path: '/bricks/b1', layout: { type: 'partition', drive: 'sda' } }],
};
const VOLUME_PATH = '/org/storaged/Storaged/glusterfs/volume/gv0';
const ATA = 'org.freedesktop.UDisks2.Drive.Ata';

/** What a producer container logged, as JSON lines (pino), with the message under `msg`. */
async function logLines(container: TestContainer): Promise<Record<string, unknown>[]> {
  return (await container.logs())
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function logged(container: TestContainer, msg: string): Promise<Record<string, unknown>> {
  return until(container, async () => (await logLines(container)).find((line) => line['msg'] === msg), `"${msg}" in its log`);
}

/** `waitFor` that names the container and shows its log when the condition is not met. */
async function until<T>(container: TestContainer, predicate: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  try {
    return await waitFor(predicate, { timeoutMs, what });
  } catch (error) {
    throw new Error(`${container.name}: ${what} not seen within ${timeoutMs} ms; its log:\n${(await container.logs()).slice(-6_000)}`, { cause: error });
  }
}

/**
 * `run` arguments for the DaemonSet's producer container (infra/deploy/k8s/producer-daemonset.yaml):
 * its args, env and security context, and each of its volumes at its mountPath, from `sources`
 * (hostPath volumes by name), a tmpfs for an emptyDir, an empty folder for a Secret.
 */
function daemonSetProducer(sources: Readonly<Record<string, string>>, emptyDir: string): { runArgs: string[]; args: string[] } {
  const pod = podSpec(k8sObject('DaemonSet', 'gluster-eventing-producer'));
  const container = containers(pod).find((candidate) => candidate['name'] === 'producer') ?? assert.fail('no producer container');
  const volumes = new Map(asArray(pod['volumes']).map((volume) => [String(asObject(volume, 'volume')['name']), asObject(volume, 'volume')]));
  const runArgs: string[] = [];
  for (const mount of asArray(container['volumeMounts']).map((entry) => asObject(entry, 'volumeMount'))) {
    const name = String(mount['name']);
    const target = String(mount['mountPath']);
    const volume = volumes.get(name) ?? assert.fail(`volume ${name} is not declared`);
    const readOnly = mount['readOnly'] === true ? ':ro' : '';
    if (isObject(volume['emptyDir'])) runArgs.push('--tmpfs', target);
    else if (isObject(volume['secret'])) runArgs.push('-v', `${emptyDir}:${target}:ro`);
    else if (isObject(volume['hostPath'])) runArgs.push('-v', `${sources[name] ?? assert.fail(`the test has no host source for the DaemonSet's hostPath volume ${name}`)}:${target}${readOnly}`);
    else assert.fail(`volume ${name}: a kind this test does not map`);
  }
  for (const entry of asArray(container['env']).map((item) => asObject(item, 'env'))) {
    const name = String(entry['name']);
    // The pod's own user names go with the cluster's security settings of the ConfigMap, which this
    // test replaces with its plaintext stack: without a mechanism they are a configuration error.
    if (CLUSTER_CREDENTIALS.test(name)) continue;
    runArgs.push('-e', `${name}=${String(entry['value'])}`);
  }
  const security = asObject(container['securityContext'] as JsonObject, 'securityContext');
  if (security['readOnlyRootFilesystem'] === true) runArgs.push('--read-only');
  if (security['allowPrivilegeEscalation'] === false) runArgs.push('--security-opt', 'no-new-privileges');
  if (asArray(asObject(security['capabilities'], 'capabilities')['drop']).includes('ALL')) runArgs.push('--cap-drop', 'ALL');
  const runAs = asObject(pod['securityContext'], 'pod securityContext');
  runArgs.push('--user', `${String(runAs['runAsUser'])}:${String(runAs['runAsGroup'])}`);
  return { runArgs, args: asArray(container['args']).map(String) };
}

/** The DaemonSet's credential settings (its user names), left out against the test's plaintext stack. */
const CLUSTER_CREDENTIALS = /^(KAFKA_SASL_|SCHEMA_REGISTRY_(USERNAME|PASSWORD))/;

/** `args` with `--flag value` replaced (or added). */
const withOption = (args: readonly string[], flag: string, value: string): string[] =>
  args.includes(flag) ? args.map((arg, index) => (args[index - 1] === flag ? value : arg)) : [...args, flag, value];

describe(`a producer container on a simulated node's bus, mounted as the DaemonSet mounts the system bus (${typeof engine === 'string' ? 'no engine' : engine.name})`, { skip }, () => {
  let stack: TestStack;
  let session: ContainerSession;
  let cluster: SimulatedCluster | undefined;
  let image: string;
  let dir: string;
  let prefix: string;
  let machineId: string;
  let spool: string;
  let reader: Awaited<ReturnType<typeof rawTopicReader>> | undefined;

  /** A producer pod on this node: the DaemonSet's container, with the cluster settings of its ConfigMap. */
  const startProducer = (hint: string, brokers: string, flushTimeoutMs?: number): Promise<TestContainer> => {
    const { runArgs, args } = daemonSetProducer(
      {
        'system-bus': cluster!.node(NODE.id).busAddress.replace(/^unix:path=/, ''),
        'machine-id': join(dir, 'machine-id'),
        'glusterd-info': join(dir, 'glusterd.info'),
        spool,
      },
      join(dir, 'secrets'),
    );
    const env = ['-e', `KAFKA_BROKERS=${brokers}`, '-e', `SCHEMA_REGISTRY_URL=${stack.registryUrl}`, '-e', `GLUSTER_EVENTING_TOPIC_PREFIX=${prefix}`];
    return session.start(hint, ['--network', 'host', ...env, ...runArgs], image, flushTimeoutMs === undefined ? args : withOption(args, '--flush-timeout-ms', String(flushTimeoutMs)));
  };
  const records = (sessionId: unknown): RawPropertyChange[] => (reader?.records ?? []).filter((record) => record.sessionId === sessionId);

  before(async () => {
    if (typeof engine === 'string') throw new Error(`CI runs the container tests, but ${engine}`);
    if (noImageUser !== undefined) throw new Error(`CI runs the container tests, but ${noImageUser}`);
    session = containerSession(engine);
    // Short: the bus socket's path must stay under 108 bytes.
    dir = mkdtempSync(join(tmpdir(), 'gepc-'));
    mkdirSync(join(dir, 'secrets'));
    machineId = uniqueName('m').replace(/[^a-z0-9]/gi, '').padEnd(32, '0').slice(0, 32);
    writeFileSync(join(dir, 'machine-id'), `${machineId}\n`, { mode: 0o644 });
    writeFileSync(join(dir, 'glusterd.info'), `UUID=${NODE.glusterUuid}\noperating-version=100000\n`, { mode: 0o644 });
    stack = await useTestStack();
    image = await projectImage(engine, { target: 'runtime', nodeImage });
    cluster = await startSimulatedCluster({ dir, nodes: [NODE] });
    spool = await session.volume('spool');
    prefix = uniqueName('producer-container');
    // As compose's init jobs do: topics and schemas from the image, before any producer (they only look ids up).
    const cli = (...command: string[]): Promise<string> =>
      engine.ok(['run', '--rm', '--network', 'host', '-e', `KAFKA_BROKERS=${stack.brokers.join(',')}`, '-e', `SCHEMA_REGISTRY_URL=${stack.registryUrl}`, '-e', `GLUSTER_EVENTING_TOPIC_PREFIX=${prefix}`, image, ...command], { timeoutMs: 120_000 });
    await cli('topics', 'apply');
    await cli('schemas', 'register');
    reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic: `${prefix}.raw.v1`, create: false });
  });

  after(async () => {
    await reader?.stop();
    await session?.cleanup();
    await cluster?.stop();
    await stack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test("its records reach gluster.raw.v1: the node's snapshot and its changes, under the host's machine id and Gluster UUID", async () => {
    const producer = await startProducer('producer-a', stack.brokers.join(','));
    const { sessionId } = await logged(producer, 'producer starting');
    await until(producer, () => records(sessionId).some((record) => record.kind === 'SNAPSHOT' && record.interface === ATA), "the drive's snapshot in the raw topic", 60_000);
    const first = records(sessionId)[0]!;
    assert.equal(first.nodeId, machineId, 'the node id of the mounted /etc/machine-id');
    assert.equal(first.glusterUuid, NODE.glusterUuid, 'the UUID of the mounted glusterd.info');

    await cluster!.apply({ action: 'volume.create', volume: 'gv0', id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5c', bricks: ['srv1:/bricks/b1'] });
    await until(producer, () => records(sessionId).some((record) => record.objectPath === VOLUME_PATH), 'the new volume in the raw topic');

    await producer.stop(30);
    assert.equal(await producer.exitCode(), 0);
    assert.equal((await logged(producer, 'producer stopped'))['flushed'], true, 'its spool was empty when it stopped');
  });

  test('what it spooled while Kafka was away is delivered by a new container on the same spool volume: every record once, gap-free', async () => {
    const [deadPort] = (await pickFreePorts(1)) as [number];
    const cut = await startProducer('producer-cut-off', `127.0.0.1:${deadPort}`, 1_000);
    const { sessionId } = await logged(cut, 'producer starting');
    const spoolBytes = async (): Promise<number> => Number((await cut.exec(['du', '-sb', '/var/lib/gluster-eventing/spool'])).stdout.split('\t')[0]);
    // Something lands in the spool after this: the rest of the snapshot, or the change below.
    const empty = await spoolBytes();
    cluster!.node(NODE.id).setSmartFailing('sda', true);
    await until(cut, async () => (await spoolBytes()) > empty, 'records spooled');

    await cut.stop(30);
    assert.equal(await cut.exitCode(), 0);
    const stopped = await logged(cut, 'producer stopped');
    assert.equal(stopped['flushed'], false, 'Kafka was away: nothing delivered');
    assert.ok(Number(stopped['spooledBytes']) > 0);
    await session.engine.ok(['rm', cut.name]); // the container is gone; only the volume carries the spool
    assert.equal(records(sessionId).length, 0, 'nothing reached Kafka yet');

    const next = await startProducer('producer-next', stack.brokers.join(','));
    const recovered = await logged(next, 'undelivered records from an earlier run are delivered first');
    assert.equal(recovered['spooledBytes'], stopped['spooledBytes'], 'the new container found every byte the old one left');
    assert.equal(recovered['corruptEntries'], 0);
    assert.equal(recovered['bytesDiscarded'], 0);
    const entries = Number(recovered['entries']);
    assert.ok(entries > 0);
    await until(next, () => records(sessionId).length >= entries, `the ${entries} spooled records in ${prefix}.raw.v1`, 60_000);
    const delivered = records(sessionId);
    assert.deepEqual(delivered.map((record) => record.sequence).sort((a, b) => a - b), Array.from({ length: entries }, (_, index) => index), 'every spooled record, once, no gap');
    assert.equal(delivered.find((record) => record.sequence === 0)?.kind, 'SNAPSHOT', "the cut-off producer's snapshot of the node, delivered by its successor");
    await next.stop(30);
    assert.equal(await next.exitCode(), 0);
  });
});
