import { readFile } from 'node:fs/promises';
import type { Logger } from '../logging/index.js';
import { GlusterEventingError } from '../errors/index.js';
import { isAlive, killNow, spawnService, stopService } from './processes.js';
import { stackKafkaProbe } from './kafka-probe.js';
import { registryAnswers, waitUntilReady } from './readiness.js';
import { secureAccess, type SecureAccess } from './secure-access.js';
import { removeState, writeState, type ServiceRecord, type StackState } from './state.js';
import { describeState, type StackStatus } from './status.js';

/**
 * A started (or re-opened) embedded stack. Broker indexes are 0-based positions in `brokers`.
 * Fault tests use `killBroker`/`restartBroker` and `stopRegistry`/`startRegistry`; every change is
 * written back to `stack.json`, so `stack status` and `stack down` in another process stay right.
 */
export interface RunningStack {
  readonly mode: 'processes' | 'external' | 'containers';
  /** `host:port` of every broker, in node id order. */
  readonly brokers: readonly string[];
  /** The Confluent-compatible base URL (what `SCHEMA_REGISTRY_URL` holds); https for a `--secure` stack. */
  readonly registryUrl: string;
  readonly dir: string;
  /**
   * `--secure` stacks only: the SASL_SSL listeners, the CA and the credentials (the admin's and one
   * per role). `brokers` above are then the inter-broker listeners, which take the brokers' own
   * credential only: clients use `secure.brokers`.
   */
  readonly secure?: SecureAccess;
  /** Stops every process this stack started (SIGTERM, SIGKILL after the grace) and waits for the exits. */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** SIGKILL broker `index` and wait until it is gone: a crash, no controlled shutdown. */
  killBroker(index: number): Promise<void>;
  /** Graceful stop of broker `index` (controlled shutdown). */
  stopBroker(index: number): Promise<void>;
  /** Starts broker `index` again on its old data and waits until it serves metadata for the full cluster. */
  restartBroker(index: number): Promise<void>;
  stopRegistry(): Promise<void>;
  startRegistry(): Promise<void>;
  status(): StackStatus;
}

export interface ProcessStackOptions {
  readonly state: StackState;
  readonly logger: Logger;
  readonly startTimeoutMs: number;
  /** SIGKILL our children when this Node process exits (non-detached stacks: tests, benchmarks). */
  readonly killOnExit: boolean;
}

/** Kafka's controlled shutdown of a 3-node cluster takes a few seconds; past this we SIGKILL. */
const DEFAULT_GRACE_MS = 20_000;

export function createProcessStack(options: ProcessStackOptions): RunningStack {
  const { state, logger, startTimeoutMs } = options;
  const services = (): ServiceRecord[] => [...state.brokers, state.registry];
  const onExit = (): void => {
    for (const service of services()) if (service.pid !== null) killNow(service.pid, service.marker);
  };
  if (options.killOnExit) process.on('exit', onExit);

  const broker = (index: number): ServiceRecord => {
    const record = state.brokers[index];
    if (record === undefined) throw new GlusterEventingError('CONFIG_INVALID', `no broker at index ${index} (stack has ${state.brokers.length})`);
    return record;
  };
  // One write at a time, each serialising the state as it is then: parallel stops must not interleave.
  let writes: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => (writes = writes.then(() => writeState(state)));
  const stopOne = async (service: ServiceRecord, graceMs: number): Promise<void> => {
    if (service.pid !== null) await stopService(service.pid, service.marker, graceMs);
    service.pid = null;
    await persist();
    logger.info({ service: service.name, graceMs }, 'stack service stopped');
  };
  const startOne = async (service: ServiceRecord): Promise<void> => {
    if (service.pid !== null && isAlive(service.pid, service.marker)) return;
    service.pid = await spawnService(service, state.ownProcessGroup ?? state.detached);
    await persist();
    logger.info({ service: service.name, pid: service.pid }, 'stack service started');
  };
  const brokerAddresses = state.brokers.map((b) => `127.0.0.1:${b.port}`);
  const registryUrl = `${state.secure === undefined ? 'http' : 'https'}://127.0.0.1:${state.registry.port}/apis/ccompat/v7`;
  const registryReady = async (): Promise<boolean> =>
    registryAnswers(state.registry.port, state.secure === undefined ? undefined : await readFile(state.secure.caFile, 'utf8'));

  return {
    mode: 'processes',
    brokers: brokerAddresses,
    registryUrl,
    dir: state.dir,
    // A secure stack recorded by a version before per-role users has no `kafkaUsers`: it can still be
    // stopped, but says nothing of how to connect (start it again to get the per-role users).
    ...(state.secure?.kafkaUsers === undefined ? {} : { secure: secureAccess(state.secure, registryUrl) }),
    async stop({ graceMs = DEFAULT_GRACE_MS } = {}) {
      await Promise.all(services().map((service) => stopOne(service, graceMs)));
      await writes;
      await removeState(state.dir);
      process.off('exit', onExit);
    },
    killBroker: (index) => stopOne(broker(index), 0),
    stopBroker: (index) => stopOne(broker(index), DEFAULT_GRACE_MS),
    async restartBroker(index) {
      const record = broker(index);
      await stopOne(record, DEFAULT_GRACE_MS);
      await startOne(record);
      // Asking the restarted node itself: it only serves requests once it has caught up and is unfenced.
      const answers = await stackKafkaProbe(state);
      await waitUntilReady({ what: record.name, watched: [record], timeoutMs: startTimeoutMs, probe: () => answers(index) });
    },
    stopRegistry: () => stopOne(state.registry, DEFAULT_GRACE_MS),
    async startRegistry() {
      await startOne(state.registry);
      await waitUntilReady({ what: 'registry', watched: [state.registry], timeoutMs: startTimeoutMs, probe: registryReady });
    },
    status: () => describeState(state),
  };
}
