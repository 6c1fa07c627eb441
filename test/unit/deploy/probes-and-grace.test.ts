import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../../src/logging/index.js';
import { createProcessorHttpApp } from '../../../src/service/http/index.js';
import { parseProcessorSettings } from '../../../src/service/processor-settings.js';
import { glusterStores, memoryReader } from '../service/fixtures.js';
import { asArray, asObject, composeDurationMs, composeServices, containers, envFileEntries, k8sObject, podSpec, readDeployFile, systemdTimeMs, systemdUnit, type JsonObject } from './deploy-files.js';
import { effective, execForm, parseDockerfile } from './dockerfile.js';
import { unitCliArgs } from './invocations.js';

/** The value after `flag` in a command line, e.g. `--http-port 8088`. */
function optionValue(argv: readonly unknown[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index < 0 ? undefined : String(argv[index + 1]);
}

function probePath(container: JsonObject, probe: string): string {
  return String(asObject(asObject(container[probe], probe)['httpGet'], `${probe}.httpGet`)['path']);
}

describe('probes and health checks point at routes the processor serves', () => {
  const app = createProcessorHttpApp({ reader: memoryReader(glusterStores()), readiness: () => ({ ready: true, reason: 'test' }), registry: new Registry(), logger: silentLogger });
  after(() => app.close());
  const served = async (url: string): Promise<boolean> => {
    await app.ready();
    return app.hasRoute({ method: 'GET', url });
  };
  const processor = containers(podSpec(k8sObject('Deployment', 'gluster-eventing-processor')))[0] ?? {};

  test('the route check can fail: an unregistered path is not served', async () => {
    assert.equal(await served('/readyz'), true);
    assert.equal(await served('/ready'), false);
  });

  test('Deployment: readiness on /readyz, liveness on /healthz, both registered', async () => {
    assert.equal(probePath(processor, 'readinessProbe'), '/readyz');
    assert.equal(probePath(processor, 'livenessProbe'), '/healthz');
    for (const probe of ['readinessProbe', 'livenessProbe']) assert.ok(await served(probePath(processor, probe)), `${probe} path is not a route`);
  });

  test('probes and the Service target the container port the processor listens on (--http-port)', () => {
    const port = asArray(processor['ports']).map((entry) => asObject(entry, 'port')).find((entry) => entry['name'] === 'http');
    assert.ok(port !== undefined, 'no container port named http');
    assert.equal(String(port['containerPort']), optionValue(asArray(processor['args']), '--http-port'));
    for (const probe of ['readinessProbe', 'livenessProbe']) assert.equal(asObject(asObject(processor[probe], probe)['httpGet'], 'httpGet')['port'], 'http');
    const servicePorts = asArray(asObject(k8sObject('Service', 'gluster-eventing-processor')['spec'], 'spec')['ports']).map((entry) => asObject(entry, 'port'));
    assert.ok(servicePorts.some((entry) => entry['targetPort'] === 'http' || entry['targetPort'] === port['containerPort']), 'the Service does not target the http port');
  });

  test("the image's HEALTHCHECK fetches a registered route on the processor's port", async () => {
    const stages = parseDockerfile(readDeployFile('Dockerfile'));
    const runtime = stages.at(-1);
    assert.ok(runtime !== undefined);
    const check = effective(stages, runtime, 'HEALTHCHECK')?.args ?? '';
    const script = execForm(check.slice(check.indexOf('CMD ') + 4)).join(' ');
    const path = /'(\/[a-z]+)'/.exec(script)?.[1];
    assert.equal(path, '/healthz');
    assert.ok(await served(path));
    // The port can come from --http-port, the environment or a config file: the check reads the URL
    // the processor writes once listening (test/integration/containers/ runs it in a container).
    assert.match(script, /readFile\(process\.env\.GLUSTER_EVENTING_HTTP_URL_FILE\b/);
    assert.equal(parseProcessorSettings({}, { GLUSTER_EVENTING_HTTP_URL_FILE: '/tmp/url' }).httpUrlFile, '/tmp/url', 'a processor setting');
  });
});

describe('stop grace periods outlast the shutdown the program performs', () => {
  test('processor: Kubernetes and Compose grace > GLUSTER_EVENTING_SHUTDOWN_TIMEOUT_MS', () => {
    const configMap = asObject(k8sObject('ConfigMap', 'gluster-eventing')['data'], 'data') as Record<string, string>;
    const k8sTimeout = parseProcessorSettings({}, configMap).shutdownTimeoutMs;
    const pod = podSpec(k8sObject('Deployment', 'gluster-eventing-processor'));
    assert.ok(Number(pod['terminationGracePeriodSeconds']) * 1000 > k8sTimeout, `grace ${String(pod['terminationGracePeriodSeconds'])} s <= ${k8sTimeout} ms`);

    const compose = new Map(composeServices()).get('processor') ?? {};
    const composeTimeout = parseProcessorSettings({}, asObject(compose['environment'], 'environment') as Record<string, string>).shutdownTimeoutMs;
    assert.ok(composeDurationMs(String(compose['stop_grace_period'])) > composeTimeout);

    const unitEnv = Object.fromEntries(envFileEntries(readDeployFile('systemd', 'processor.env.example')));
    const unitTimeout = parseProcessorSettings({}, unitEnv).shutdownTimeoutMs;
    const stop = systemdUnit(readDeployFile('systemd', 'gluster-eventing-processor.service')).get('Service')?.get('TimeoutStopSec')?.[0] ?? '0';
    assert.ok(systemdTimeMs(stop) > unitTimeout, `systemd TimeoutStopSec=${stop} <= ${unitTimeout} ms`);
  });

  test('producers: DaemonSet, Compose and systemd grace > --flush-timeout-ms', () => {
    const pod = podSpec(k8sObject('DaemonSet', 'gluster-eventing-producer'));
    const producer = containers(pod)[0] ?? {};
    const k8sFlush = Number(optionValue(asArray(producer['args']), '--flush-timeout-ms'));
    assert.ok(Number(pod['terminationGracePeriodSeconds']) * 1000 > k8sFlush);

    for (const [name, service] of composeServices().filter(([, service]) => asArray(service['command'])[0] === 'producer')) {
      const flush = Number(optionValue(asArray(service['command']), '--flush-timeout-ms'));
      assert.ok(composeDurationMs(String(service['stop_grace_period'])) > flush, name);
    }

    const unitFlush = Number(optionValue(unitCliArgs(), '--flush-timeout-ms'));
    const stop = systemdUnit(readDeployFile('systemd', 'gluster-eventing-producer.service')).get('Service')?.get('TimeoutStopSec')?.[0] ?? '0';
    assert.ok(unitFlush > 0 && systemdTimeMs(stop) > unitFlush, `TimeoutStopSec=${stop} vs --flush-timeout-ms ${unitFlush}`);
  });
});
