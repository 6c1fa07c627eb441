import type { Command } from 'commander';
import { ZodError } from 'zod';
import { ConfigError } from '../../config/index.js';
import { createKafkaClient, topicNames } from '../../kafka/index.js';
import { generateLoad, parseClusterShape, parseLoadScript, parseMix, writeLoad, type ClusterShape, type LoadScript } from '../../loadgen/index.js';
import { createSchemaRegistryClient } from '../../serde/index.js';
import { cliContext, printResult } from '../context.js';

interface LoadgenOptions {
  readonly nodes: string;
  readonly volumes: string;
  readonly bricks: string;
  readonly drives: string;
  readonly rate?: string;
  readonly duration?: string;
  readonly records?: string;
  readonly seed: string;
  readonly startAt?: string;
  readonly mix?: string;
  readonly heartbeatMs: string;
  readonly topic?: string;
  readonly producers: string;
  readonly registerSchemas?: boolean;
  readonly json?: boolean;
}

/**
 * `gluster-eventing loadgen`: writes the raw records of a synthetic cluster's producers to the raw
 * topic (see `src/loadgen`): every node's snapshot, then the scripted mix with heartbeats, at
 * `--rate` records/s (event time follows the wall clock) or as fast as Kafka takes them (event time
 * advances 1 ms per record). The same seed and `--start-at` give the same records.
 */
export function registerLoadgenCommand(program: Command): void {
  program
    .command('loadgen')
    .description('write raw records as the producers of a synthetic cluster would (N nodes, V volumes, B bricks, D drives)')
    .option('--nodes <n>', 'storage nodes, each with its own producer session', '3')
    .option('--volumes <n>', 'volumes (every node reports every one)', '4')
    .option('--bricks <n>', 'bricks, spread over volumes and nodes', '12')
    .option('--drives <n>', 'drives, dealt to the nodes round-robin (at least one per node when there are bricks)', '6')
    .option('--rate <n>', 'records per second (default: as fast as possible)')
    .option('--duration <seconds>', 'stop after this much event time')
    .option('--records <n>', 'stop after this many records (snapshots included)')
    .option('--seed <n>', 'seed of the layout and the script', '1')
    .option('--start-at <epoch-ms>', 'event time of the first record (default: now); with the seed, makes the output reproducible')
    .option('--mix <weights>', 'action weights, e.g. volumeStatus=40,glusterd=5,smartFailing=15,temperature=35,producerRestart=0.5,volumeDelete=0.5,volumeCreate=0.5')
    .option('--heartbeat-ms <ms>', "each producer's heartbeat period (event time)", '10000')
    .option('--topic <name>', 'raw topic (default: <prefix>.raw.v1)')
    .option('--producers <n>', 'parallel Kafka producers (a node always uses the same one)', '1')
    .option('--register-schemas', 'register the raw schemas instead of looking their ids up (development)')
    .option('--json', 'print the summary as JSON')
    .action(async (options: LoadgenOptions) => {
      const { settings, logger } = cliContext('loadgen');
      const shape = parse('--nodes/--volumes/--bricks/--drives', () => parseClusterShape({ nodes: int(options.nodes), volumes: int(options.volumes), bricks: int(options.bricks), drives: int(options.drives) }));
      const script = parse('--mix/--heartbeat-ms', () => parseLoadScript({ heartbeatMs: int(options.heartbeatMs), ...(options.mix === undefined ? {} : { mix: parseMix(options.mix) }) }));
      const rate = optionalPositive('--rate', options.rate);
      const records = optionalPositive('--records', options.records);
      const duration = optionalPositive('--duration', options.duration);
      const seed = int(options.seed);
      if (!Number.isSafeInteger(seed)) throw new ConfigError('--seed', 'an integer');
      const startAt = options.startAt === undefined ? Date.now() : int(options.startAt);
      if (!Number.isSafeInteger(startAt) || startAt < 0) throw new ConfigError('--start-at', 'epoch milliseconds');
      const producers = int(options.producers);
      if (!(producers >= 1)) throw new ConfigError('--producers', 'a positive integer');
      const topic = options.topic ?? topicNames(settings.topicPrefix).raw;

      const abort = new AbortController();
      const stop = (): void => abort.abort();
      process.once('SIGINT', stop).once('SIGTERM', stop);
      try {
        const result = await writeLoad({
          kafka: createKafkaClient({ ...settings.kafka, logger }),
          registry: createSchemaRegistryClient(settings.schemaRegistry),
          topic,
          registration: options.registerSchemas === true ? 'register' : 'lookup',
          records: generateLoad({
            shape,
            script,
            seed,
            startAt,
            stepMs: rate === undefined ? 1 : 1_000 / rate,
            ...(records === undefined ? {} : { records }),
            ...(duration === undefined ? {} : { durationMs: duration * 1_000 }),
          }),
          ...(rate === undefined ? {} : { rate }),
          producers,
          logger,
          signal: abort.signal,
        });
        const perSecond = Math.round(result.records / Math.max(result.seconds, 0.001));
        printResult(options.json === true, { topic, seed, shape, ...result, recordsPerSecond: perSecond }, `loadgen: ${result.records} records to ${topic} in ${result.seconds.toFixed(1)} s (${perSecond}/s), ${describe(shape, script)}, seed ${seed}`);
      } finally {
        process.off('SIGINT', stop).off('SIGTERM', stop);
      }
    });
}

const int = (text: string): number => (/^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

function optionalPositive(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new ConfigError(option, 'a positive number');
  return value;
}

/** Validation errors of the loadgen schemas become one line naming the options. */
function parse<T>(options: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ZodError) throw new ConfigError(options, error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; '));
    throw error;
  }
}

function describe(shape: ClusterShape, script: LoadScript): string {
  return `${shape.nodes} nodes, ${shape.volumes} volumes, ${shape.bricks} bricks, ${shape.drives} drives, heartbeats every ${script.heartbeatMs} ms`;
}
