import { get as httpsGet } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import kafkajs, { type KafkaConfig } from 'kafkajs';
import { StackProcessCrashedError, StackStartTimeoutError } from './errors/index.js';
import { isAlive, tailLines } from './processes.js';
import type { ServiceRecord } from './state.js';

const { Kafka, logLevel } = kafkajs;

/**
 * Polls `probe` until it answers true, failing fast with {@link StackProcessCrashedError} (log tail
 * included) when any of `watched` dies, or {@link StackStartTimeoutError} after `timeoutMs`.
 */
export async function waitUntilReady(options: {
  readonly what: string;
  readonly watched: readonly ServiceRecord[];
  readonly probe: () => Promise<boolean>;
  readonly timeoutMs: number;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    for (const service of options.watched) {
      if (service.pid === null || !isAlive(service.pid, service.marker)) {
        throw new StackProcessCrashedError(service.name, service.logFile, tailLines(service.logFile, 5));
      }
    }
    try {
      if (await options.probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const first = options.watched[0];
      throw new StackStartTimeoutError(options.what, options.timeoutMs, first?.logFile ?? '', lastError);
    }
    await delay(250);
  }
}

/**
 * True once a metadata request through `brokers` lists `expected` live brokers. `connection`: TLS and
 * SASL for a `--secure` stack, whose client listeners let no one in unauthenticated.
 */
export async function kafkaAnswers(brokers: readonly string[], expected: number, connection: Pick<KafkaConfig, 'ssl' | 'sasl'> = {}): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'gluster-eventing-stack-probe',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    ...connection,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length >= expected;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * True once Apicurio's health endpoint reports ready (storage open, ccompat API served). `ca`: a
 * `--secure` registry speaks https only, with a certificate from the stack's own CA; the health
 * endpoint needs no credentials.
 */
export async function registryAnswers(port: number, ca?: string): Promise<boolean> {
  if (ca === undefined) {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  }
  return new Promise((resolve, reject) => {
    const request = httpsGet(`https://127.0.0.1:${port}/health/ready`, { ca, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy(new Error('registry health check timed out')));
    request.on('error', reject);
  });
}
