// Makes kafkajs 2.2.4's grouping of a send's messages by partition linear (run by `postinstall`,
// idempotent).
//
// `groupMessagesPerPartition` copies a partition's whole array for every message it adds
// (`[...current, message]`), so a send of n messages to one partition costs O(n²): the streams
// runtime sends everything a fetched batch produced (thousands of records per partition) in one
// `sendBatch`, and this copying was the largest single cost in the stateful bench's profile
// (kafkajs PR #1576 reports the same, unmerged). The fix appends in place; the result is the
// same object of partition → messages in their original order.
// `node kafkajs-linear-grouping.mjs [file]` patches another copy.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.argv[2] ?? require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
const source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: linear grouping */';
if (source.includes(MARK)) process.exit(0);

const original = `  return messages.reduce((result, message) => {
    const partition = partitioner({ topic, partitionMetadata, message })
    const current = result[partition] || []
    return Object.assign(result, { [partition]: [...current, message] })
  }, {})`;
const fixed = `  ${MARK}
  const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    const current = result[partition]
    if (current === undefined) result[partition] = [message]
    else current.push(message)
  }
  return result`;
if (!source.includes(original)) {
  console.error(`kafkajs-linear-grouping: ${file} is not the kafkajs 2.2.4 text this patch fixes; check the kafkajs version`);
  process.exit(1);
}
writeFileSync(file, source.replace(original, fixed));
console.log('kafkajs-linear-grouping: grouping a send by partition is linear');
