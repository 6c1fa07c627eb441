import type { ICustomPartitioner, PartitionerArgs } from 'kafkajs';
import { rawPartitionKeyOfBody, unframe } from '../../serde/index.js';
import { murmur2Partitioner, partitionForKey } from '../../streams/partitioner/index.js';

/**
 * The partitioner of every writer of `gluster.raw.v1` (producers, the webhook, load generators):
 * a record goes to the partition of its node's {@link rawPartitionKey} under the default
 * partitioner, read from the value's first two Avro fields. A value that is not a framed raw record
 * (never written by this project's writers) falls back to the key's hash, as before.
 */
export const rawRecordPartitioner: ICustomPartitioner = () => {
  const byKey = murmur2Partitioner();
  return (args: PartitionerArgs): number => {
    const { message, partitionMetadata } = args;
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (!Buffer.isBuffer(message.value)) return byKey(args);
    let partitionKey: string;
    try {
      partitionKey = rawPartitionKeyOfBody(unframe(message.value).body);
    } catch {
      return byKey(args);
    }
    return partitionForKey(Buffer.from(partitionKey, 'utf8'), partitionMetadata.length);
  };
};
