// Fixes kafkajs 2.2.4's read_committed filter in node_modules (run by `postinstall`, idempotent).
//
// kafkajs starts ignoring at most ONE aborted transaction per record (`if` where a loop is
// needed), so when a fetch begins inside several aborted transactions — e.g. after several
// transactional producers were killed at once — the first records of all but one of them are
// returned to a read_committed consumer. The streams runtime reads its repartition topics with
// kafkajs, so this broke exactly-once after crashes. The fix activates every aborted transaction
// whose first offset has been reached, in offset order.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = require.resolve('kafkajs/src/consumer/filterAbortedMessages.js');
const source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: every started aborted transaction */';
if (source.includes(MARK)) process.exit(0);

const original = `  const remainingAbortedTransactions = [...abortedTransactions]

  return messages.filter(message => {
    // If the message offset is GTE the first offset of the next aborted transaction
    // then we have stepped into an aborted transaction.
    if (
      remainingAbortedTransactions.length &&
      Long.fromValue(message.offset).gte(remainingAbortedTransactions[0].firstOffset)
    ) {
      const { producerId } = remainingAbortedTransactions.shift()
      currentAbortedTransactions.set(producerId, true)
    }`;
const fixed = `  ${MARK}
  const remainingAbortedTransactions = [...abortedTransactions].sort((a, b) =>
    Long.fromValue(a.firstOffset).compare(Long.fromValue(b.firstOffset))
  )

  return messages.filter(message => {
    while (
      remainingAbortedTransactions.length &&
      Long.fromValue(message.offset).gte(remainingAbortedTransactions[0].firstOffset)
    ) {
      const { producerId } = remainingAbortedTransactions.shift()
      currentAbortedTransactions.set(producerId, true)
    }`;
if (!source.includes(original)) {
  console.error(`kafkajs-filter-aborted: ${file} is not the kafkajs 2.2.4 text this patch fixes; check the kafkajs version`);
  process.exit(1);
}
writeFileSync(file, source.replace(original, fixed));
console.log('kafkajs-filter-aborted: patched read_committed filtering of aborted transactions');
