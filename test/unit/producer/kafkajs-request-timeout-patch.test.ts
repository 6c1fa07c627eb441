import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

// The installed kafkajs, which `postinstall` patched (infra/patches/kafkajs-request-timeout-check.mjs).
const require = createRequire(import.meta.url);
const QUEUE_FILE = require.resolve('kafkajs/src/network/requestQueue/index.js');
const PATCH = fileURLToPath(new URL('../../../infra/patches/kafkajs-request-timeout-check.mjs', import.meta.url));
const MARK = '/* gluster-eventing: request timeout check only while requests are in flight */';

interface Entry {
  readonly correlationId: number;
  readonly apiKey: number;
  readonly apiName: string;
  readonly apiVersion: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}
interface RequestQueue {
  readonly inflight: ReadonlyMap<number, unknown>;
  readonly requestTimeoutIntervalId: unknown;
  push(request: { entry: Entry; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  scheduleRequestTimeoutCheck(): void;
  destroy(): void;
}
const RequestQueueClass = require(QUEUE_FILE) as new (options: Record<string, unknown>) => RequestQueue;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A queue as a connected kafkajs connection has it: request timeouts enforced, the check scheduled. */
function connectedQueue(requestTimeout: number): { queue: RequestQueue; push: (correlationId: number) => void; rejected: Map<number, Error> } {
  const queue = new RequestQueueClass({ maxInFlightRequests: 5, requestTimeout, enforceRequestTimeout: true, clientId: 'test', broker: 'localhost:1', logger: quiet });
  queue.scheduleRequestTimeoutCheck();
  const rejected = new Map<number, Error>();
  const push = (correlationId: number): void =>
    queue.push({
      entry: { correlationId, apiKey: 0, apiName: 'Produce', apiVersion: 3, resolve: () => undefined, reject: (error) => rejected.set(correlationId, error) },
      expectResponse: true,
      sendRequest: () => undefined,
    });
  return { queue, push, rejected };
}

const armed = (queue: RequestQueue): boolean => queue.requestTimeoutIntervalId !== null && queue.requestTimeoutIntervalId !== undefined;

test('the installed kafkajs request queue carries the patch exactly once', () => {
  assert.equal(readFileSync(QUEUE_FILE, 'utf8').split(MARK).length - 1, 1);
});

test('a connected queue with nothing in flight keeps no timer; a request arms it and its answer clears it', () => {
  const { queue, push } = connectedQueue(30_000);
  try {
    // Unpatched, a 100 ms interval ran from connect to disconnect.
    assert.equal(armed(queue), false);
    push(1);
    push(2);
    assert.equal(armed(queue), true);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    assert.equal(armed(queue), true, 'request 2 is still out');
    queue.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    assert.equal(armed(queue), false);
  } finally {
    queue.destroy();
  }
});

test('a request that gets no answer still times out, and the check then stops itself', async () => {
  const { queue, push, rejected } = connectedQueue(40);
  try {
    push(7);
    const deadline = Date.now() + 5_000;
    while (!rejected.has(7) && Date.now() < deadline) await delay(10);
    assert.match(String(rejected.get(7)?.name), /KafkaJSRequestTimeoutError/);
    assert.equal(queue.inflight.size, 0);
    await delay(100);
    assert.equal(armed(queue), false, 'the check found nothing in flight on its next tick and cleared itself');
  } finally {
    queue.destroy();
  }
});

test('after destroy (disconnect) a request arms nothing until the connection schedules the check again', () => {
  const { queue, push } = connectedQueue(30_000);
  try {
    queue.destroy();
    push(1);
    assert.equal(armed(queue), false);
    queue.scheduleRequestTimeoutCheck();
    assert.equal(armed(queue), true, 'the request already in flight is watched once reconnected');
  } finally {
    queue.destroy();
  }
});

test('the patch script is idempotent, restores the fix on a pristine copy and refuses other text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkajs-patch-'));
  try {
    const patched = readFileSync(QUEUE_FILE, 'utf8');
    const copy = join(dir, 'index.js');
    writeFileSync(copy, patched);
    execFileSync(process.execPath, [PATCH, copy]);
    assert.equal(readFileSync(copy, 'utf8'), patched, 'a second run changes nothing');

    writeFileSync(copy, 'module.exports = class RequestQueue {}\n');
    const refused = spawnSync(process.execPath, [PATCH, copy], { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not the kafkajs 2\.2\.4 text/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
