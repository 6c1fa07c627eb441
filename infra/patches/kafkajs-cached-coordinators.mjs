// Makes kafkajs 2.2.4's transactional producer keep the coordinators it found (run by `postinstall`,
// idempotent).
//
// kafkajs sent a FindCoordinator request before every transactional request: AddPartitionsToTxn,
// AddOffsetsToTxn, TxnOffsetCommit (group coordinator) and EndTxn each waited for a lookup first,
// so a consume-transform-produce transaction took 9 round trips instead of 5. Every exactly-once
// task commit paid them; on the machines we measure on, socket writes are the processor's largest
// CPU cost (issue #8: a commit's latency is part of every alert's).
//
// Now a coordinator, once found, is kept per (type, key) while its connection is up, as the Java
// client does. Any failed request forgets it, so the next attempt (kafkajs' retry, the caller's)
// looks it up again exactly as before. A kept coordinator that answers "not the coordinator" or
// "coordinator not available" refused the request without acting on it; it is looked up again and
// the request sent once more. The TxnOffsetCommit retry also recognises those two errors under the
// names kafkajs itself gives them (its list used names no kafkajs error carries, so a moved group
// coordinator failed the transaction instead of being looked up again).
// `node kafkajs-cached-coordinators.mjs [file]` patches another copy (the unit test's).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.argv[2] ?? require.resolve('kafkajs/src/producer/eosManager/index.js');
const source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: coordinators kept while connected */';
if (source.includes(MARK)) process.exit(0);

/** The EndTxn request of commit() (`true`) or abort() (`false`). */
function endTxnEdit(transactionResult) {
  return [
    `        const broker = await findTransactionCoordinator()
        await broker.endTxn({
          producerId,
          producerEpoch,
          transactionalId,
          transactionResult: ${transactionResult},
        })`,
    `        await withTransactionCoordinator(broker =>
          broker.endTxn({ producerId, producerEpoch, transactionalId, transactionResult: ${transactionResult} })
        )`,
  ];
}

/** [original, replacement] pairs; every original must occur exactly once. */
const edits = [
  [
    `const COMMIT_STALE_COORDINATOR_PROTOCOL_ERRORS = ['COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR']`,
    `const COMMIT_STALE_COORDINATOR_PROTOCOL_ERRORS = [
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
]
// The answers of a broker that is not (or no longer) the coordinator; the request was not acted on.
const REFUSED_BY_STALE_COORDINATOR = ['GROUP_COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR_FOR_GROUP']`,
  ],
  [
    `  const findTransactionCoordinator = () => {
    return cluster.findGroupCoordinator({
      groupId: transactionalId,
      coordinatorType: COORDINATOR_TYPES.TRANSACTION,
    })
  }`,
    `  ${MARK}
  const coordinators = new Map()
  const coordinatorKey = (groupId, coordinatorType) => \`\${coordinatorType}:\${groupId}\`
  const lookUpCoordinator = async (groupId, coordinatorType) => {
    const broker = await cluster.findGroupCoordinator({ groupId, coordinatorType })
    coordinators.set(coordinatorKey(groupId, coordinatorType), broker)
    return broker
  }
  const findCoordinator = (groupId, coordinatorType) => {
    const kept = coordinators.get(coordinatorKey(groupId, coordinatorType))
    return kept && kept.isConnected() ? Promise.resolve(kept) : lookUpCoordinator(groupId, coordinatorType)
  }
  const forgetCoordinator = (groupId, coordinatorType, broker) => {
    const key = coordinatorKey(groupId, coordinatorType)
    if (broker === undefined || coordinators.get(key) === broker) coordinators.delete(key)
  }
  const withCoordinator = async (groupId, coordinatorType, request) => {
    const kept = coordinators.get(coordinatorKey(groupId, coordinatorType))
    const broker = await findCoordinator(groupId, coordinatorType)
    try {
      return await request(broker)
    } catch (e) {
      forgetCoordinator(groupId, coordinatorType, broker)
      if (broker !== kept || !REFUSED_BY_STALE_COORDINATOR.includes(e.type)) throw e
      const current = await lookUpCoordinator(groupId, coordinatorType)
      try {
        return await request(current)
      } catch (retryError) {
        forgetCoordinator(groupId, coordinatorType, current)
        throw retryError
      }
    }
  }
  const withTransactionCoordinator = request =>
    withCoordinator(transactionalId, COORDINATOR_TYPES.TRANSACTION, request)`,
  ],
  [
    `            const broker = await (transactional
              ? findTransactionCoordinator()
              : cluster.findControllerBroker())

            const result = await broker.initProducerId({
              transactionalId: transactional ? transactionalId : undefined,
              transactionTimeout,
            })`,
    `            const result = transactional
              ? await withTransactionCoordinator(broker =>
                  broker.initProducerId({ transactionalId, transactionTimeout })
                )
              : await (await cluster.findControllerBroker()).initProducerId({
                  transactionalId: undefined,
                  transactionTimeout,
                })`,
  ],
  [
    `          const broker = await findTransactionCoordinator()
          await broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })`,
    `          await withTransactionCoordinator(broker =>
            broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })
          )`,
  ],
  // commit() and abort() differ only in the transaction result.
  ...[true, false].map(endTxnEdit),
  [
    `        const transactionCoordinator = await findTransactionCoordinator()

        // Do we need to add offsets if we've already done so for this consumer group?
        await transactionCoordinator.addOffsetsToTxn({
          transactionalId,
          producerId,
          producerEpoch,
          groupId: consumerGroupId,
        })`,
    `        // Do we need to add offsets if we've already done so for this consumer group?
        await withTransactionCoordinator(broker =>
          broker.addOffsetsToTxn({ transactionalId, producerId, producerEpoch, groupId: consumerGroupId })
        )`,
  ],
  [
    `        let groupCoordinator = await cluster.findGroupCoordinator({
          groupId: consumerGroupId,
          coordinatorType: COORDINATOR_TYPES.GROUP,
        })`,
    `        let groupCoordinator = await findCoordinator(consumerGroupId, COORDINATOR_TYPES.GROUP)`,
  ],
  [
    `          } catch (e) {
            if (COMMIT_RETRIABLE_PROTOCOL_ERRORS.includes(e.type)) {`,
    `          } catch (e) {
            forgetCoordinator(consumerGroupId, COORDINATOR_TYPES.GROUP, groupCoordinator)
            if (COMMIT_RETRIABLE_PROTOCOL_ERRORS.includes(e.type)) {`,
  ],
  [
    `              groupCoordinator = await cluster.findGroupCoordinator({
                groupId: consumerGroupId,
                coordinatorType: COORDINATOR_TYPES.GROUP,
              })`,
    `              groupCoordinator = await lookUpCoordinator(consumerGroupId, COORDINATOR_TYPES.GROUP)`,
  ],
];

let patched = source;
for (const [original, replacement] of edits) {
  if (patched.split(original).length !== 2) {
    console.error(`kafkajs-cached-coordinators: ${file} is not the kafkajs 2.2.4 text this patch fixes; check the kafkajs version`);
    process.exit(1);
  }
  patched = patched.replace(original, () => replacement);
}
writeFileSync(file, patched);
console.log('kafkajs-cached-coordinators: a transactional producer keeps the coordinators it found while connected');
