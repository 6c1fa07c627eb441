import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pickFreePorts } from '../../../src/stack/index.js';
import {
  buildImage,
  containerSession,
  containerTestsSkip,
  findContainerEngine,
  healthcheckCommand,
  imageSettings,
  projectImage,
  untilAnswers,
  type ContainerSession,
  type TestContainer,
} from '../../helpers/containers/index.js';
import { uniqueName, useTestStack, type TestStack } from '../../helpers/stack.js';

const engine = await findContainerEngine();
const { nodeImage } = imageSettings(engine);
const IMAGE_UID = '10001';

describe(`the image (infra/deploy/Dockerfile) built and run with ${typeof engine === 'string' ? 'no engine' : engine.name}`, { skip: containerTestsSkip(engine) }, () => {
  let stack: TestStack;
  let session: ContainerSession;
  let image: string;
  let dir: string;
  /** Processors configured three ways; each listens on its own free port of the host network. */
  const processors: { flag?: TestContainer; env?: TestContainer; file?: TestContainer } = {};
  const ports: { flag: number; env: number; file: number } = { flag: 0, env: 0, file: 0 };

  before(async () => {
    if (typeof engine === 'string') throw new Error(`CI runs the container tests, but ${engine}`);
    session = containerSession(engine);
    dir = mkdtempSync(join(tmpdir(), 'ge-image-'));
    stack = await useTestStack();
    image = await projectImage(engine, { target: 'runtime', nodeImage });
    [ports.flag, ports.env, ports.file] = (await pickFreePorts(3)) as [number, number, number];
    const cluster = (prefix: string): string[] => [
      '--network', 'host',
      '-e', `KAFKA_BROKERS=${stack.brokers.join(',')}`,
      '-e', `SCHEMA_REGISTRY_URL=${stack.registryUrl}`,
      '-e', `GLUSTER_EVENTING_TOPIC_PREFIX=${prefix}`,
      '-e', `GLUSTER_EVENTING_APPLICATION_ID=${prefix}-processor`,
    ];
    const configFile = join(dir, 'processor.json');
    writeFileSync(configFile, `${JSON.stringify({ GLUSTER_EVENTING_HTTP_PORT: ports.file })}\n`, { mode: 0o644 });
    // Started together: each creates its topics and joins its own group.
    [processors.flag, processors.env, processors.file] = await Promise.all([
      session.start('processor-flag', cluster(uniqueName('image-flag')), image, ['processor', '--http-port', String(ports.flag), '--register-schemas']),
      session.start('processor-env', [...cluster(uniqueName('image-env')), '-e', `GLUSTER_EVENTING_HTTP_PORT=${ports.env}`], image, ['processor', '--register-schemas']),
      session.start('processor-file', [...cluster(uniqueName('image-file')), '-v', `${configFile}:/etc/gluster-eventing/processor.json:ro`], image, ['--config', '/etc/gluster-eventing/processor.json', 'processor', '--register-schemas']),
    ]);
  });

  after(async () => {
    await session?.cleanup();
    await stack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('the runtime image runs as its non-root uid, the processor process included', async () => {
    assert.equal(await session.engine.ok(['image', 'inspect', '--format', '{{.Config.User}}', image]), `${IMAGE_UID}:${IMAGE_UID}`);
    await untilAnswers(processors.flag!, `http://127.0.0.1:${ports.flag}/healthz`, 60_000);
    const owner = await processors.flag!.exec(['stat', '-c', '%u', '/proc/1']);
    assert.equal(owner.stdout.trim(), IMAGE_UID, 'PID 1, the processor, runs as the image user');
  });

  test('its processor answers /healthz, /readyz and /metrics against the embedded stack', async () => {
    const base = `http://127.0.0.1:${ports.flag}`;
    assert.deepEqual(JSON.parse(await untilAnswers(processors.flag!, `${base}/healthz`, 60_000)), { ok: true });
    const ready = JSON.parse(await untilAnswers(processors.flag!, `${base}/readyz`, 90_000)) as { reason: string };
    assert.match(ready.reason, /^running \d+ tasks$/);
    const metrics = await untilAnswers(processors.flag!, `${base}/metrics`, 10_000);
    assert.match(metrics, /^# TYPE streams_records_in_total counter$/m);
    assert.match(metrics, /^streams_instance_restarts_total 0$/m);
    assert.match(metrics, /^process_cpu_user_seconds_total \d/m, 'the Node defaults');
  });

  test('its HEALTHCHECK passes inside the container whatever the port is set by: --http-port, GLUSTER_EVENTING_HTTP_PORT, a --config file', async () => {
    const check = await healthcheckCommand(session.engine, image);
    for (const [how, port] of [['flag', ports.flag], ['env', ports.env], ['file', ports.file]] as const) {
      const container = processors[how]!;
      await untilAnswers(container, `http://127.0.0.1:${port}/healthz`, 60_000);
      const result = await container.exec(check);
      assert.equal(result.code, 0, `${how} (port ${port}): ${result.stdout}${result.stderr}`);
    }
  });

  test('its HEALTHCHECK fails where no processor listens', async () => {
    const [entrypoint = '', ...args] = await healthcheckCommand(session.engine, image);
    const result = await session.engine.run(['run', '--rm', '--network', 'none', '--entrypoint', entrypoint, image, ...args]);
    assert.notEqual(result.code, 0);
  });

  test('the simulator target builds, runs as the same uid, and its simulated nodes come up (its own HEALTHCHECK passes)', async () => {
    const simulatorImage = await projectImage(session.engine, { target: 'simulator', nodeImage });
    const simulator = await session.start('simulator', ['--network', 'none'], simulatorImage);
    const check = await healthcheckCommand(session.engine, simulatorImage);
    const deadline = Date.now() + 60_000;
    for (let result = await simulator.exec(check); result.code !== 0; result = await simulator.exec(check)) {
      if ((await simulator.exitCode()) !== undefined || Date.now() > deadline) assert.fail(`the simulator's HEALTHCHECK did not pass:\n${await simulator.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal((await simulator.exec(['stat', '-c', '%u', '/proc/1'])).stdout.trim(), IMAGE_UID);
  });

  test('an `npm ci` that exits 0 having installed nothing fails the build', async () => {
    // A base image whose npm succeeds at doing nothing, as npm 10 does when it cannot verify the
    // registry's certificate ("Exit handler never called!", exit 0).
    const base = nodeImage ?? 'node:24-bookworm-slim';
    const fake = `localhost/gluster-eventing-test:npm-exits-0-${uniqueName('base').toLowerCase()}`;
    writeFileSync(join(dir, 'Dockerfile.npm-exits-0'), [
      `FROM ${base}`,
      'RUN rm -f /usr/local/bin/npm && printf \'#!/bin/sh\\necho "npm: Exit handler never called!" >&2\\nexit 0\\n\' > /usr/local/bin/npm && chmod 755 /usr/local/bin/npm',
      '',
    ].join('\n'));
    await session.engine.ok(['build', '-q', '-f', join(dir, 'Dockerfile.npm-exits-0'), '-t', fake, dir], { timeoutMs: 300_000 });
    try {
      const result = await buildImage(session.engine, { target: 'build', nodeImage: fake }, `${fake}-build`);
      assert.notEqual(result.code, 0, 'the build went on without node_modules');
      assert.match(result.output, /npm ci installed nothing/);
    } finally {
      await session.engine.run(['rmi', '-f', `${fake}-build`, fake]);
    }
  });
});
