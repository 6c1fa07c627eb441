import kafkajs, { type ICustomPartitioner, type PartitionerArgs } from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see all of its named exports.
const { Partitioners } = kafkajs;

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 (the Java client's `Utils.murmur2`, which kafkajs' default partitioner also
 * follows) in 32-bit integer arithmetic. kafkajs computes the same hash with a 64-bit `Long` object
 * per step (several allocations per 4 key bytes): at a low-rate producer's 10 records/s that code
 * never gets optimised and cost about 0.13 ms of CPU per record. Only the low 32 bits of kafkajs'
 * products and xors are ever used, so the results are identical
 * (test/unit/streams/partitioner/murmur2-partitioner.test.ts checks it against kafkajs for random
 * keys): records keep their partitions.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const tail = length & ~3;
  for (let index = 0; index < tail; index += 4) {
    let k = (data[index] as number) | ((data[index + 1] as number) << 8) | ((data[index + 2] as number) << 16) | ((data[index + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= (data[tail + 2] as number) << 16;
  if (rest >= 2) h ^= (data[tail + 1] as number) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[tail] as number), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition a keyed record goes to under the default partitioner (Java's `Utils.toPositive(murmur2(key)) % count`). */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}

/**
 * kafkajs' `Partitioners.DefaultPartitioner` (Java-compatible) with the hash above: a record with a
 * partition goes there, a keyed record to `murmur2(key) & 0x7fffffff` modulo the partition count
 * (as the Java client, whether or not that partition's leader is known), a keyless one to kafkajs'
 * own choice.
 *
 * The runtime's default partitioner (as Kafka Streams partitions as the Java client does): its
 * producers of sink, repartition and changelog records use it. An application's other producers of
 * the same topics should use it too (`createPartitioner: murmur2Partitioner`), so one key lands on
 * one partition whoever writes it, and Java clients agree.
 */
export const murmur2Partitioner: ICustomPartitioner = () => {
  const keyless = Partitioners.DefaultPartitioner();
  return (args: PartitionerArgs): number => {
    const { message, partitionMetadata } = args;
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key === null || message.key === undefined) return keyless(args);
    const key = typeof message.key === 'string' ? Buffer.from(message.key) : message.key;
    return partitionForKey(key, partitionMetadata.length);
  };
};
