import type { RawPropertyChange } from './raw-record.js';
import { avroTypeFor } from './hybrid-long-type.js';

/**
 * What producers of `gluster.raw.v1` partition by, with Kafka's default partitioner over its UTF-8
 * bytes: the node's Gluster peer UUID, or `node:<nodeId>` while the node has none. Every record of
 * one node lands on one partition, and it is the key a brick names its host by (`hostUuid`), so the
 * pipelines that merge a node's records with its bricks read the raw topic where it lies, without a
 * repartition hop (part of the topic's contract: see the README's "Topics").
 *
 * @example
 * rawPartitionKey({ nodeId: 'srv1', glusterUuid: null }); // 'node:srv1'
 */
export function rawPartitionKey(record: Pick<RawPropertyChange, 'glusterUuid' | 'nodeId'>): string {
  return record.glusterUuid ?? `node:${record.nodeId}`;
}

// The value schema's first two fields, in order: decoding this reads them and stops, so a
// partitioner finds the partition key without decoding the record's properties.
const PREFIX = avroTypeFor({
  type: 'record',
  name: 'RawPropertyChangePrefix',
  fields: [
    { name: 'nodeId', type: 'string' },
    { name: 'glusterUuid', type: ['null', 'string'] },
  ],
});

/** {@link rawPartitionKey} of an Avro-encoded raw value body (without the registry's 5-byte header). */
export function rawPartitionKeyOfBody(valueBody: Buffer): string {
  const { value } = PREFIX.decode(valueBody, 0) as { value: Pick<RawPropertyChange, 'glusterUuid' | 'nodeId'> | undefined };
  if (value === undefined) throw new RangeError('raw value body too short for its node id and Gluster UUID');
  return rawPartitionKey(value);
}
