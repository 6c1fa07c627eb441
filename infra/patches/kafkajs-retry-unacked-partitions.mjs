// Makes a kafkajs 2.2.4 send retry only the partitions no broker has acknowledged yet (run by
// `postinstall`, idempotent).
//
// A send to partitions led by several brokers issues one produce request per broker and waits for
// them with `Promise.all`. When one request fails (a retriable error such as CONCURRENT_TRANSACTIONS
// from AddPartitionsToTxn right after a commit, or a leader change), `Promise.all` rejects at once
// and the retry starts while the other brokers' requests are still in flight: their brokers have
// no response recorded yet, so the retry sends their partitions again. By then the first request
// has succeeded and advanced the idempotent sequence numbers, so the broker takes the second copy
// as new records — the same records twice in one transaction. Seen with 3 brokers: a stateful task's
// alerts written twice, back to back, in a clean run. The retry also looked acknowledgements up
// by broker object, so a partition whose leader moved was sent again too.
//
// The fix waits for every request of an attempt to settle before retrying, and records what was
// acknowledged per topic-partition, so a retry sends exactly the partitions still unacknowledged
// (a failed request's partitions keep their sequence numbers, which kafkajs rolls back, so the
// broker's idempotence drops any copy it did append).
//
// A send that still fails carries `acknowledgedMessages` (a Set of the message objects that were
// acknowledged) on its error, so a caller that resends can leave those out: kafkajs' own API gives
// no way to know which partitions of a failed send landed (`src/kafka/acknowledged-messages.ts`).
// `node kafkajs-retry-unacked-partitions.mjs [file]` patches another copy.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.argv[2] ?? require.resolve('kafkajs/src/producer/sendMessages.js');
let source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: retry unacknowledged partitions, v2 */';
if (source.includes(MARK)) process.exit(0);
if (source.includes('/* gluster-eventing: retry unacknowledged partitions */')) {
  console.error(`kafkajs-retry-unacked-partitions: ${file} carries an older version of this patch; reinstall (npm ci)`);
  process.exit(1);
}

const replacements = [
  [
    `    /** @type {Map<import("../../types").Broker, any[]>} */
    const responsePerBroker = new Map()

    /** @param {Map<import("../../types").Broker, any[]>} responsePerBroker */
    const createProducerRequests = async responsePerBroker => {
      const topicMetadata = new Map()`,
    `    ${MARK}
    // "topic|partition" -> the broker's response entry (null when acks = 0)
    const acknowledged = new Map()
    const acknowledgedMessages = new Set()
    const partitionKey = (topic, partition) => \`\${topic}|\${partition}\`

    const createProducerRequests = async () => {
      const responsePerBroker = new Map()
      const topicMetadata = new Map()`,
  ],
  [
    `        const partitions = keys(messagesPerPartition)`,
    `        const partitions = keys(messagesPerPartition).filter(
          partition => !acknowledged.has(partitionKey(topic, partition))
        )`,
  ],
  [
    `          responsePerBroker.set(broker, formattedResponse)`,
    `          responsePerBroker.set(broker, formattedResponse)
          topicData.forEach(({ topic, partitions }) => {
            partitions.forEach(entry => {
              const response = formattedResponse.find(
                item => item.topicName === topic && item.partition === entry.partition
              )
              acknowledged.set(partitionKey(topic, entry.partition), response || null)
              entry.messages.forEach(message => acknowledgedMessages.add(message))
            })
          })`,
  ],
  [
    `        const requests = await createProducerRequests(responsePerBroker)
        await Promise.all(requests)
        return Array.from(responsePerBroker.values()).flat()`,
    `        const requests = await createProducerRequests()
        const settled = await Promise.allSettled(requests)
        const failed = settled.find(result => result.status === 'rejected')
        if (failed) throw failed.reason
        return Array.from(acknowledged.values()).filter(response => response !== null)`,
  ],
  [
    `    return retrier(async (bail, retryCount, retryTime) => {`,
    `    const sending = retrier(async (bail, retryCount, retryTime) => {`,
  ],
  [
    `        logger.error(\`\${e.message}\`, { retryCount, retryTime })
        if (e.retriable) throw e
        bail(e)
      }
    })
  }
}`,
    `        logger.error(\`\${e.message}\`, { retryCount, retryTime })
        if (e.retriable) throw e
        bail(e)
      }
    })
    return sending.catch(error => {
      if (error !== null && typeof error === 'object') error.acknowledgedMessages = acknowledgedMessages
      throw error
    })
  }
}`,
  ],
];

for (const [original, fixed] of replacements) {
  if (!source.includes(original)) {
    console.error(`kafkajs-retry-unacked-partitions: ${file} is not the kafkajs 2.2.4 text this patch fixes; check the kafkajs version`);
    process.exit(1);
  }
  source = source.replace(original, fixed);
}
writeFileSync(file, source);
console.log('kafkajs-retry-unacked-partitions: a send retries only unacknowledged partitions, after every request settled');
