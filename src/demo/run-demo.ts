import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSharedSettings, type SharedSettings } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { parseProcessorSettings } from '../service/index.js';
import { startStack, type RunningStack } from '../stack/index.js';
import { DEMO_NODES } from './demo-nodes.js';
import { playDemoScenario, readDerivedTopics, type DerivedTopicsReader } from './demo-scenario.js';
import { startLocalPipeline, type LocalPipeline } from './local-pipeline.js';

export interface DemoOptions {
  /** KAFKA_BROKERS + SCHEMA_REGISTRY_URL set: use that cluster (topics get a unique prefix). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cacheDir: string;
  readonly logger: Logger;
  readonly print: (line: string) => void;
  /**
   * After the scenario: `keep-running` leaves the stack, the nodes and the processor up, so that the
   * live view and the query API can be explored, until `signal` aborts; `exit` stops them at once.
   */
  readonly afterScenario: 'keep-running' | 'exit';
  /** Aborted (the CLI: SIGINT/SIGTERM): stop everything, during the scenario or after it. */
  readonly signal: AbortSignal;
  /** How to stop it, as printed while it keeps running (the CLI: Ctrl-C or `kill <pid>`). */
  readonly stopHint: string;
}

/** `passed`/`failed`: the scenario ran to its end and every expected event was (not) seen. */
export type DemoOutcome = 'passed' | 'failed' | 'interrupted';

/**
 * `npm run demo`: the embedded stack, three simulated Gluster nodes on their own D-Bus buses with
 * producers, and the processor; a scenario whose state changes and alerts are printed as they
 * arrive on the derived topics (read_committed, as a downstream consumer reads them); then, when
 * asked, everything keeps running until `signal` aborts. Stops everything it started, also on
 * failure or an abort mid-scenario, and removes its temporary folder.
 */
export async function runDemo(options: DemoOptions): Promise<DemoOutcome> {
  const { print, logger, signal } = options;
  const dir = await mkdtemp(join(tmpdir(), 'ge-demo-'));
  let stack: RunningStack | undefined;
  let pipeline: LocalPipeline | undefined;
  let reader: DerivedTopicsReader | undefined;
  const started = Date.now();
  try {
    let shared: SharedSettings;
    const external = options.env['KAFKA_BROKERS'] !== undefined && options.env['SCHEMA_REGISTRY_URL'] !== undefined;
    if (external) {
      shared = parseSharedSettings({ ...options.env, GLUSTER_EVENTING_TOPIC_PREFIX: `gluster-demo-${Date.now().toString(36)}` });
      print(`using the cluster at ${shared.kafka.brokers.join(',')} (topics ${shared.topicPrefix}.*)`);
    } else {
      print('starting Kafka (KRaft) and Apicurio Registry; the first run downloads them from Maven Central (~220 MB)...');
      ({ stack } = await startStack({ dir: join(dir, 'stack'), ports: 'free', cacheDir: options.cacheDir, lifetime: 'owned', logger, onProgress: (line) => print(`  ${line}`) }));
      shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl });
      print(`stack up: Kafka ${stack.brokers.join(',')}, registry ${stack.registryUrl}`);
    }
    if (signal.aborted) return 'interrupted';
    const processor = parseProcessorSettings(
      { registerSchemas: true, applicationId: `${shared.topicPrefix}-demo-processor`, httpPort: '0' },
      { GLUSTER_EVENTING_SILENCE_TIMEOUT_MS: '15000' },
    );
    pipeline = await startLocalPipeline({ shared, processor, nodes: DEMO_NODES, dir: join(dir, 'c'), heartbeatMs: 2_000, logger });
    print(`3 simulated Gluster nodes (srv1, srv2, srv3), a producer per node and the processor are running`);
    const httpUrl = pipeline.processor()?.httpUrl;
    if (httpUrl !== undefined) print(`live view: ${httpUrl}/  (queries: ${httpUrl}/volumes, ${httpUrl}/alerts)`);
    if (signal.aborted) return 'interrupted';

    reader = await readDerivedTopics(shared, pipeline, print);
    const ok = await playDemoScenario(pipeline, reader, print, signal);
    if (signal.aborted) return 'interrupted';
    const seenIn = `${ok ? 'every expected state change and alert was seen' : 'SOME EXPECTED EVENTS WERE NOT SEEN'} in ${Math.round((Date.now() - started) / 1000)} s`;
    if (options.afterScenario === 'exit') {
      print(`${seenIn}; stopping everything`);
      return ok ? 'passed' : 'failed';
    }
    print(`${seenIn}.`);
    printStillRunning(print, shared, pipeline.names.alerts, httpUrl, options.stopHint);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    return ok ? 'passed' : 'failed';
  } finally {
    if (signal.aborted) print('\nstopping the processor, the producers, the nodes and the stack...');
    await reader?.stop().catch(() => undefined);
    await pipeline?.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the pipeline failed'));
    await stack?.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the stack failed'));
    await rm(dir, { recursive: true, force: true });
    if (signal.aborted) print('stopped; nothing of the demo is left running');
  }
}

/** What a newcomer can look at now, and how to stop it. */
function printStillRunning(print: (line: string) => void, shared: SharedSettings, alertsTopic: string, httpUrl: string | undefined, stopHint: string): void {
  print('\n── the scenario is over; everything keeps running ──────');
  if (httpUrl !== undefined) {
    print(`live view:  ${httpUrl}/`);
    print(`queries:    ${httpUrl}/volumes  ${httpUrl}/bricks  ${httpUrl}/drives  ${httpUrl}/nodes  ${httpUrl}/alerts`);
    print(`health:     ${httpUrl}/readyz  ${httpUrl}/metrics`);
  }
  print('the topics, from another terminal:');
  print(`  KAFKA_BROKERS=${shared.kafka.brokers.join(',')} SCHEMA_REGISTRY_URL=${shared.schemaRegistry.url} \\`);
  print(`  npm run cli -- tail ${alertsTopic} --from-beginning`);
  print(`new state changes and alerts still print here. ${stopHint}`);
}
