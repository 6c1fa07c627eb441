import type { Message } from 'kafkajs';
import { fileURLToPath } from 'node:url';
import type { Kip447Client } from './kip447-client.js';
import { startLoopChild, type LoopChild } from './loop-child.js';

/**
 * The exactly-once loop shapes the transactions bench compares; (a) is what the runtime does.
 * `kafkajs-shared-100ms` is a control, not a candidate: one kafkajs producer for every partition
 * cannot be fenced by group generation (no KIP-447), so it separates "fewer transactions" from
 * "another client" in the KIP-447 row.
 */
export const SHAPES = {
  'kafkajs-per-task-100ms': { label: '(a) kafkajs, 1 txn producer per partition, commit 100 ms (the runtime)', client: 'kafkajs', producers: 'per-partition', commitIntervalMs: 100 },
  'kafkajs-per-task-1000ms': { label: '(b) kafkajs, 1 txn producer per partition, commit 1,000 ms', client: 'kafkajs', producers: 'per-partition', commitIntervalMs: 1_000 },
  'kip447-shared-100ms': { label: '(c) @platformatic/kafka, ONE txn producer + group metadata (KIP-447), commit 100 ms', client: 'kip447', producers: 'shared', commitIntervalMs: 100 },
  'kafkajs-shared-100ms': { label: '(control) kafkajs, ONE txn producer, no group metadata (unfenceable), commit 100 ms', client: 'kafkajs', producers: 'shared', commitIntervalMs: 100 },
} as const satisfies Record<string, { label: string; client: 'kafkajs' | 'kip447'; producers: 'per-partition' | 'shared'; commitIntervalMs: number }>;
export type Shape = keyof typeof SHAPES;

const KAFKAJS_CHILD = fileURLToPath(new URL('./kafkajs-loop-child.ts', import.meta.url));
const KIP447_CHILD = fileURLToPath(new URL('./kip447-loop.mjs', import.meta.url));
/** `--import tsx` resolves from the working directory: the repository's. */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts a shape's loop in its own process: kafkajs under this Node with tsx, the KIP-447 client under its Node. */
export function startShape(shape: Shape, options: { readonly brokers: readonly string[]; readonly input: string; readonly output: string; readonly groupId: string; readonly kip447: Kip447Client | undefined }): LoopChild {
  const spec = SHAPES[shape];
  const { kip447, ...topics } = options;
  const config = { ...topics, producers: spec.producers, commitIntervalMs: spec.commitIntervalMs };
  if (spec.client === 'kafkajs') return startLoopChild(process.execPath, ['--import', 'tsx', KAFKAJS_CHILD, JSON.stringify(config)], REPO);
  if (kip447 === undefined) throw new Error('no KIP-447 client at hand');
  return startLoopChild(kip447.node, [KIP447_CHILD, JSON.stringify({ ...config, modulePath: kip447.modulePath })]);
}

const PADDING = 'x'.repeat(200);

/** Input records `from` … `from + count - 1`: key `k<index>` (what the exactly-once check reads), a 200-byte value. */
export function inputMessages(from: number, count: number, timestamp = Date.now()): Message[] {
  return Array.from({ length: count }, (_, offset) => ({ key: `k${from + offset}`, value: `${from + offset}:${PADDING}`, timestamp: String(timestamp) }));
}
