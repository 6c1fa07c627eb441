import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createRefreshLoop, type RefreshOutcome } from '../../../src/gluster-dbus/index.js';

/** A refresh that counts its runs and finishes when `release()` is called. */
function gatedRefresh(outcomes: RefreshOutcome[] = []) {
  let runs = 0;
  const gates: (() => void)[] = [];
  return {
    get runs() { return runs; },
    release: () => gates.shift()?.(),
    refresh: () => {
      runs += 1;
      return new Promise<RefreshOutcome>((resolve) => gates.push(() => resolve(outcomes.shift() ?? 'complete')));
    },
  };
}

const unexpected = (error: unknown): never => assert.fail(String(error));

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await delay(2);
  }
}

describe('createRefreshLoop', () => {
  test('requests during a refresh queue exactly one more refresh', async () => {
    const gate = gatedRefresh();
    const loop = createRefreshLoop({ refresh: gate.refresh, pollIntervalMs: 0, debounceMs: 0, retryDelayMs: 0, onError: unexpected });
    const first = loop.refreshNow();
    const second = loop.refreshNow();
    const third = loop.refreshNow();
    assert.equal(second, third);
    gate.release();
    await first;
    await until(() => gate.runs === 2);
    gate.release();
    await second;
    assert.equal(gate.runs, 2);
    await loop.stop();
  });

  test('refreshSoon coalesces a burst into one refresh', async () => {
    const gate = gatedRefresh();
    const loop = createRefreshLoop({ refresh: gate.refresh, pollIntervalMs: 0, debounceMs: 20, retryDelayMs: 0, onError: unexpected });
    for (let i = 0; i < 10; i++) loop.refreshSoon();
    await until(() => gate.runs === 1);
    gate.release();
    await delay(50);
    assert.equal(gate.runs, 1);
    await loop.stop();
  });

  test('a partial outcome is retried after the retry delay', async () => {
    const gate = gatedRefresh(['partial', 'complete']);
    const loop = createRefreshLoop({ refresh: gate.refresh, pollIntervalMs: 0, debounceMs: 0, retryDelayMs: 10, onError: unexpected });
    const first = loop.refreshNow();
    gate.release();
    await first;
    await until(() => gate.runs === 2);
    gate.release();
    await loop.stop();
  });

  test('polls periodically and reports a throwing refresh without stopping', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const loop = createRefreshLoop({
      refresh: async () => {
        runs += 1;
        throw new Error('bug');
      },
      pollIntervalMs: 10, debounceMs: 0, retryDelayMs: 0, onError: (error) => errors.push(error),
    });
    await until(() => runs >= 3);
    await loop.stop();
    assert.ok(errors.length >= 2);
    const after = runs;
    await delay(30);
    assert.equal(runs, after, 'no refresh after stop');
  });
});
