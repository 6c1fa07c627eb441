import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

// The installed kafkajs, which `postinstall` patched (infra/patches/kafkajs-idle-request-queue.mjs).
const require = createRequire(import.meta.url);
const QUEUE_FILE = require.resolve('kafkajs/src/network/requestQueue/index.js');
const PATCH = fileURLToPath(new URL('../../../infra/patches/kafkajs-idle-request-queue.mjs', import.meta.url));
const MARK = '/* gluster-eventing: no timer while nothing is pending */';

interface Entry {
  readonly correlationId: number;
  readonly apiKey: number;
  readonly apiName: string;
  readonly apiVersion: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}
interface RequestQueue {
  readonly pending: readonly unknown[];
  readonly throttleCheckTimeoutId: unknown;
  push(request: { entry: Entry; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(milliseconds: number): void;
  destroy(): void;
}
const RequestQueueClass = require(QUEUE_FILE) as new (options: Record<string, unknown>) => RequestQueue;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function newQueue(): { queue: RequestQueue; sent: number[]; push: (correlationId: number) => void } {
  const queue = new RequestQueueClass({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'localhost:1', logger: quiet });
  const sent: number[] = [];
  const push = (correlationId: number): void =>
    queue.push({ entry: { correlationId, apiKey: 0, apiName: 'Produce', apiVersion: 3, resolve: () => undefined, reject: () => undefined }, expectResponse: true, sendRequest: () => sent.push(correlationId) });
  return { queue, sent, push };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

test('the installed kafkajs request queue carries the patch exactly once', () => {
  assert.equal(readFileSync(QUEUE_FILE, 'utf8').split(MARK).length - 1, 1);
});

test('an idle queue arms no timer once its last request is answered', () => {
  const { queue, sent, push } = newQueue();
  try {
    push(1);
    assert.deepEqual(sent, [1]);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    // Unpatched, this was a 1 ms timer that re-armed itself forever.
    assert.equal(queue.throttleCheckTimeoutId, null);
  } finally {
    queue.destroy();
  }
});

test('a request held back by the in-flight limit goes out when the one ahead is answered; then the queue goes quiet', async () => {
  const { queue, sent, push } = newQueue();
  try {
    push(1);
    push(2);
    assert.deepEqual(sent, [1]);
    assert.equal(queue.pending.length, 1);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    assert.deepEqual(sent, [1, 2]);
    queue.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    // The 10 ms check armed while request 2 waited fires once more, finds nothing and is not re-armed.
    await until(() => queue.throttleCheckTimeoutId === null, 'the last pending check to lapse');
    await delay(30);
    assert.equal(queue.throttleCheckTimeoutId, null);
  } finally {
    queue.destroy();
  }
});

test('a request pushed while throttled is sent once the throttle ends, with nothing answered meanwhile', async () => {
  const { queue, sent, push } = newQueue();
  try {
    queue.maybeThrottle(30);
    push(1);
    assert.deepEqual(sent, []);
    await until(() => sent.length === 1, 'the throttled request to be sent');
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    assert.equal(queue.throttleCheckTimeoutId, null);
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

    // The pristine 2.2.4 text is the installed one without the two inserted lines.
    const pristine = patched.replace(`    ${MARK}\n    if (this.pending.length === 0) return\n`, '');
    assert.notEqual(pristine, patched);
    writeFileSync(copy, pristine);
    execFileSync(process.execPath, [PATCH, copy]);
    assert.equal(readFileSync(copy, 'utf8'), patched);

    writeFileSync(copy, 'module.exports = class RequestQueue {}\n');
    const refused = spawnSync(process.execPath, [PATCH, copy], { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not the kafkajs 2\.2\.4 text/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
