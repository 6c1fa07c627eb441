import type { Message } from 'kafkajs';
import type { TopicNames } from '../../../src/kafka/index.js';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import { uniqueName, type TestStack } from '../stack.js';
import { DETERMINISTIC_PROCESSOR_ENV, startCliProcessor, type CliProcessor } from './cli-processor.js';
import { DERIVED_ROLES, readDerivedOutputs, type DerivedOutputs } from './derived-outputs.js';
import { waitUntilDrained } from './drained.js';
import { prepareGlusterTopics } from './gluster-topics.js';
import { modelDifferences } from './model-check.js';
import { duplicates } from './compare-outputs.js';
import { produceRaw, rawMessages, type RawPartitioning } from './raw-input.js';

/** One processor application over its own topic prefix, fed a fixed raw input. */
export interface GlusterRun {
  readonly prefix: string;
  readonly names: TopicNames;
  readonly applicationId: string;
  readonly messages: readonly Message[];
  /** A CLI processor of this application (deterministic settings, see DETERMINISTIC_PROCESSOR_ENV, then the run's own env). */
  startProcessor(): Promise<CliProcessor>;
  /** Writes the input (all of it, or trickling with `pauseMs` between sends of `chunk`). */
  produce(options?: { chunk?: number; pauseMs?: number; partitioning?: RawPartitioning }): Promise<void>;
  /** Inputs whose outputs are committed: the application's committed offsets on the raw topic. */
  committedInputs(): Promise<number>;
}

export async function createGlusterRun(stack: TestStack, records: readonly RawPropertyChange[], label: string, options: { env?: Readonly<Record<string, string>> } = {}): Promise<GlusterRun> {
  const prefix = uniqueName(label);
  const names = await prepareGlusterTopics(stack, prefix);
  const messages = await rawMessages(stack, names.raw, records);
  const applicationId = `${prefix}-processor`;
  const admin = createKafkaClient({ brokers: stack.brokers, clientId: `${prefix}-progress`, logger: silentLogger }).admin();
  return {
    prefix,
    names,
    applicationId,
    messages,
    startProcessor: () => startCliProcessor({ stack, prefix, applicationId, env: { ...DETERMINISTIC_PROCESSOR_ENV, ...options.env } }),
    produce: (options) => produceRaw(stack, names.raw, messages, options),
    async committedInputs() {
      await admin.connect();
      try {
        const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [names.raw] });
        return (committed?.partitions ?? []).reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
      } finally {
        await admin.disconnect();
      }
    },
  };
}

/**
 * The sum of a topic's end offsets: its record count when written without transactions; for a
 * transactional topic, 0 still means nothing was ever written (the dead-letter check).
 */
export async function endOffsetTotal(stack: TestStack, topic: string): Promise<number> {
  const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'fault-end-offsets', logger: silentLogger }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until the application consumed and committed all input, stops its processors with SIGTERM
 * (throws unless each exits 0), and reads every derived topic to its end.
 */
export async function finishRun(stack: TestStack, run: GlusterRun, processors: readonly CliProcessor[], timeoutMs = 180_000): Promise<{ outputs: DerivedOutputs; deadLettered: number }> {
  const admin = createKafkaClient({ brokers: stack.brokers, clientId: `${run.prefix}-drain`, logger: silentLogger }).admin();
  await admin.connect();
  try {
    // A processor that stops on its own (a fatal error) fails the run at once, with its log.
    const died = Promise.race(processors.map((processor) => processor.exited.then(([code, signal]) => {
      throw new Error(`a processor exited on its own (${code ?? signal}) before the input was done: ${processor.log().slice(-2000)}`);
    })));
    await Promise.race([waitUntilDrained(admin, { applicationId: run.applicationId, rawTopic: run.names.raw, outputTopics: DERIVED_ROLES.map((role) => run.names[role]), timeoutMs, ready: async () => (await Promise.all(processors.map((processor) => processor.ready()))).every(Boolean) }), died]);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('a processor exited')) throw error;
    throw new Error(`${error instanceof Error ? error.message : String(error)}; processor log tail: ${processors.at(-1)?.log().slice(-2000) ?? ''}`, { cause: error });
  } finally {
    await admin.disconnect();
  }
  for (const processor of processors) {
    const code = await processor.terminate();
    if (code !== 0) throw new Error(`processor exited ${code} on SIGTERM: ${processor.log().slice(-2000)}`);
  }
  return { outputs: await readDerivedOutputs(stack, run.names), deadLettered: await endOffsetTotal(stack, run.names.deadLetter) };
}

/**
 * A clean run of `records`: the reference the faulted runs of the same input are compared with,
 * record by record. It must itself agree with the reference model (throws otherwise), so a faulted
 * run equal to it agrees with the model too.
 */
export async function referenceRun(stack: TestStack, records: readonly RawPropertyChange[]): Promise<{ outputs: DerivedOutputs; deadLettered: number; run: GlusterRun }> {
  const run = await createGlusterRun(stack, records, 'fault-reference');
  await run.produce();
  const processor = await run.startProcessor();
  const result = await finishRun(stack, run, [processor]);
  const disagreements = modelDifferences(records, result.outputs);
  if (disagreements.length > 0) {
    const repeated = duplicates(result.outputs);
    throw new Error(`the clean run disagrees with the reference model: ${disagreements.slice(0, 5).join('; ')}; records repeated byte for byte: ${repeated.length === 0 ? 'none' : repeated.slice(0, 3).join('; ')}`);
  }
  return { ...result, run };
}
