import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testCacheDir } from '../../helpers/stack.js';
import type { Collected } from './kafka-fixtures.js';

/**
 * Reads `topic` from the beginning with Kafka's own console consumer in
 * `read_committed`: the reference reader for exactly-once proofs. kafkajs 2.2.4 is not one: its
 * `filterAbortedMessages` activates at most one aborted transaction per record, so a fetch that starts
 * inside two or more aborted transactions (several transactional producers writing one partition, all
 * killed at once) returns their first records. Uses the Kafka jars the stack runs from.
 * Stops `idleTimeoutMs` after the last record: write a sentinel at the end of every partition first
 * and check that it was read (a record count would stop before duplicates, hiding them).
 */
export async function readCommittedWithKafkaTools(options: { brokers: readonly string[]; topic: string; idleTimeoutMs?: number }): Promise<Collected[]> {
  const kafkaDir = readdirSync(testCacheDir()).filter((name) => /^kafka-\d/.test(name)).sort().at(-1);
  if (kafkaDir === undefined) throw new Error(`no Kafka distribution in ${testCacheDir()}`);
  const java = process.env['JAVA_HOME'] === undefined ? 'java' : join(process.env['JAVA_HOME'], 'bin', 'java');
  const args = ['-cp', join(testCacheDir(), kafkaDir, 'libs', '*'), 'org.apache.kafka.tools.consumer.ConsoleConsumer', '--bootstrap-server', options.brokers.join(','), '--topic', options.topic,
    '--from-beginning', '--isolation-level', 'read_committed', '--timeout-ms', String(options.idleTimeoutMs ?? 5_000),
    '--property', 'print.partition=true', '--property', 'print.offset=true', '--property', 'print.key=true', '--property', 'print.value=true'];
  const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const records = Buffer.concat(out).toString('utf8').split('\n').filter((line) => line.startsWith('Partition:')).map((line): Collected => {
    const [partition = '', offset = '', key = '', value = ''] = line.split('\t');
    return { topic: options.topic, partition: Number(partition.slice('Partition:'.length)), offset: offset.slice('Offset:'.length), key, value: value === 'null' ? null : Buffer.from(value), headers: {} };
  });
  if (records.length === 0) throw new Error(`console consumer read nothing of ${options.topic} (exit ${code}): ${Buffer.concat(err).toString('utf8').slice(-500)}`);
  return records;
}
