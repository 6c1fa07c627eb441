import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GlusterEventingError } from '../errors/index.js';
import { silentLogger, type Logger } from '../logging/index.js';
import type { RoleAclInputs } from '../kafka/index.js';
import { ensureArtifacts } from './artifacts.js';
import { StackAlreadyRunningError } from './errors/index.js';
import { clusterIdFor, prepareBroker, prepareRegistry } from './launches.js';
import { defaultPorts, portClaims, portCount, portsFromList, secureDir, type BrokerCount, type StackPorts } from './plan.js';
import { assertPortsFree, pickFreePorts } from './ports.js';
import { spawnService } from './processes.js';
import { checkJava } from './prerequisites.js';
import { stackKafkaProbe } from './kafka-probe.js';
import { registryAnswers, waitUntilReady } from './readiness.js';
import { createProcessStack, type RunningStack } from './running-stack.js';
import { ensureSecureMaterial, type SecureMaterial } from './secure-material.js';
import { applyStackAcls } from './stack-acls.js';
import { readState, writeState, type SecureRecord, type StackState } from './state.js';
import { describeState } from './status.js';

export interface StartStackOptions {
  /** State, config, data and logs; `stack.json` in it records what runs. */
  readonly dir: string;
  readonly brokers?: BrokerCount;
  /** `default`: the public 9092.../8081 addresses; `free`: kernel-picked loopback ports (tests); or explicit ones. */
  readonly ports?: 'default' | 'free' | StackPorts;
  /** Where Maven puts Kafka and Apicurio; the CLI passes `GLUSTER_EVENTING_CACHE` or `~/.cache/gluster-eventing`. */
  readonly cacheDir: string;
  /**
   * `detached`: children outlive this process (CLI `up`). `process` (default): they die with it, and a
   * terminal's Ctrl-C reaches them too (tests). `owned`: they die with it, in their own process group,
   * so that a Ctrl-C reaches only this process, which stops its clients first and then the stack (the
   * demo: clients whose Kafka vanishes under them retry for many seconds before they give up).
   */
  readonly lifetime?: 'detached' | 'process' | 'owned';
  readonly startTimeoutMs?: number;
  readonly logger?: Logger;
  readonly onProgress?: (line: string) => void;
  readonly java?: string;
  readonly mvn?: string;
  /**
   * Clients must authenticate: each broker adds a SASL_SSL listener (SCRAM-SHA-512 over TLS) and the
   * registry serves https with basic auth. A throwaway CA and random passwords are made in
   * `<dir>/secure/` on first use; the stack's `secure` field says how to connect.
   */
  readonly secure?: boolean;
  /**
   * With `secure`: once ready, each role's user (`secure.roles`) gets exactly the ACLs `acls --role`
   * derives from these inputs (idempotent, also for a stack already running). Without it the role
   * users exist but may do nothing.
   */
  readonly roleAcls?: RoleAclInputs;
  readonly openssl?: string;
}

export interface StartedStack {
  readonly stack: RunningStack;
  /** True when `dir` already held a healthy stack of the same shape and nothing was started. */
  readonly alreadyRunning: boolean;
}

/**
 * Starts Kafka (KRaft, every node broker+controller) and Apicurio as plain Java processes on 127.0.0.1
 * and resolves once every broker is listed in metadata and the registry reports ready. Idempotent per
 * `dir`: a healthy stack there is returned as is; leftovers of a half-dead one are stopped first. On any
 * failure everything started so far is stopped before the typed error is thrown.
 *
 * @example const { stack } = await startStack({ dir: tmp, brokers: 3, ports: 'free', cacheDir });
 */
export async function startStack(options: StartStackOptions): Promise<StartedStack> {
  const dir = resolve(options.dir);
  const brokerCount = options.brokers ?? 1;
  const logger = options.logger ?? silentLogger;
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const detached = options.lifetime === 'detached';
  const ownProcessGroup = detached || options.lifetime === 'owned';
  const java = options.java ?? 'java';
  const secure = options.secure === true;

  const existing = await readState(dir);
  if (existing !== undefined) {
    const status = describeState(existing);
    const previous = createProcessStack({ state: existing, logger, startTimeoutMs, killOnExit: false });
    const wasSecure = existing.secure !== undefined;
    if (status.running && existing.brokerCount === brokerCount && wasSecure === secure) {
      await grantRoles(previous, options.roleAcls, logger);
      return { stack: previous, alreadyRunning: true };
    }
    if (status.running) {
      throw new StackAlreadyRunningError(dir, `${existing.brokerCount} broker(s)${wasSecure ? ', secure' : ''}, asked for ${brokerCount}${secure ? ', secure' : ''}`);
    }
    logger.warn({ dir }, 'stack partly dead; stopping its leftovers');
    await previous.stop({ graceMs: 5_000 });
  }

  await checkJava(java);
  const artifacts = await ensureArtifacts({ cacheDir: options.cacheDir, logger, ...optional('onProgress', options.onProgress), ...optional('mvn', options.mvn) });
  const ports = await choosePorts(options.ports ?? 'default', brokerCount, secure);
  await mkdir(dir, { recursive: true });
  const material = secure ? await ensureSecureMaterial(secureDir(dir), options.openssl) : undefined;
  const withMaterial = material === undefined ? {} : { secure: material };
  const registryCa = material === undefined ? undefined : await readFile(material.caFile, 'utf8');

  const clusterId = await clusterIdFor(dir, brokerCount, secure);
  const nodeIds = Array.from({ length: brokerCount }, (_, i) => i + 1);
  const brokers = await Promise.all(nodeIds.map((nodeId) => prepareBroker({ dir, brokerCount, nodeId, ports, clusterId, artifacts, java, ...withMaterial })));
  const registry = await prepareRegistry({ dir, port: ports.registry, artifacts, java, ...withMaterial });
  const state: StackState = {
    version: 1,
    dir,
    brokerCount,
    clusterId,
    detached,
    ownProcessGroup,
    startedAt: new Date().toISOString(),
    brokers,
    registry,
    ...(material === undefined ? {} : { secure: secureRecord(material, ports) }),
  };
  const stack = createProcessStack({ state, logger, startTimeoutMs, killOnExit: !detached });

  try {
    await writeState(state);
    // Start everything, then wait: the JVMs warm up in parallel, and a 3-node quorum needs all voters up.
    await Promise.all([...brokers, registry].map(async (service) => {
      service.pid = await spawnService(service, ownProcessGroup);
    }));
    await writeState(state);
    const spawnedAt = Date.now();
    const kafkaReady = await stackKafkaProbe(state);
    logger.info({ dir, brokers: stack.brokers, registry: stack.registryUrl }, 'stack processes started');
    await Promise.all([
      waitUntilReady({ what: 'kafka', watched: brokers, timeoutMs: startTimeoutMs, probe: () => kafkaReady() })
        .then(() => logger.info({ ms: Date.now() - spawnedAt }, 'kafka ready')),
      waitUntilReady({ what: 'registry', watched: [registry], timeoutMs: startTimeoutMs, probe: () => registryAnswers(registry.port, registryCa) })
        .then(() => logger.info({ ms: Date.now() - spawnedAt }, 'registry ready')),
    ]);
  } catch (error) {
    await stack.stop({ graceMs: 0 });
    throw error;
  }
  try {
    await grantRoles(stack, options.roleAcls, logger);
  } catch (error) {
    await stack.stop({ graceMs: 0 });
    throw error;
  }
  logger.info({ dir }, 'stack ready');
  return { stack, alreadyRunning: false };
}

async function grantRoles(stack: RunningStack, inputs: RoleAclInputs | undefined, logger: Logger): Promise<void> {
  if (stack.secure === undefined || inputs === undefined) return;
  const changes = await applyStackAcls(stack.secure, inputs, logger);
  const created = [...changes.values()].flat().filter((change) => change.action === 'created').length;
  logger.info({ created }, 'role ACLs applied');
}

async function choosePorts(choice: 'default' | 'free' | StackPorts, brokerCount: BrokerCount, secure: boolean): Promise<StackPorts> {
  if (choice === 'free') return portsFromList(brokerCount, await pickFreePorts(portCount(brokerCount, secure)), secure);
  const ports = choice === 'default' ? defaultPorts(brokerCount, secure) : choice;
  if (ports.brokers.length !== brokerCount || ports.controllers.length !== brokerCount) {
    throw new GlusterEventingError('CONFIG_INVALID', `ports: need ${brokerCount} broker and controller ports`);
  }
  if (secure && ports.secureBrokers?.length !== brokerCount) {
    throw new GlusterEventingError('CONFIG_INVALID', `ports: a secure stack needs ${brokerCount} SASL_SSL port(s) in secureBrokers`);
  }
  await assertPortsFree(portClaims(ports));
  return ports;
}

function secureRecord(material: SecureMaterial, ports: StackPorts): SecureRecord {
  return {
    brokerPorts: [...(ports.secureBrokers ?? [])],
    caFile: material.caFile,
    kafkaUsers: material.kafkaUsers,
    registryUsers: material.registryUsers,
  };
}

/** Spreads `{ [key]: value }` only when defined (exactOptionalPropertyTypes forbids explicit undefined). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
