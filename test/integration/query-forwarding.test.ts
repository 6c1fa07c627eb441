import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { killAllCliProcessors, type CliProcessor } from '../helpers/faults/cli-processor.js';
import { DERIVED_ROLES } from '../helpers/faults/derived-outputs.js';
import { waitUntilDrained } from '../helpers/faults/drained.js';
import { createGlusterRun } from '../helpers/faults/gluster-run.js';
import { faultWorkload } from '../helpers/faults/workload.js';
import { useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

interface ListAnswer {
  readonly items: Array<Record<string, unknown>>;
  readonly tasks: string[];
  readonly partial: boolean;
  readonly unavailable?: string[];
}

/** The URL a CLI processor logged in its `processor started` line. */
function httpUrl(processor: CliProcessor): string {
  const line = processor.log().split('\n').find((candidate) => candidate.includes('"processor started"'));
  const url = line === undefined ? undefined : (JSON.parse(line) as { http?: string }).http;
  assert.ok(url !== undefined, `no HTTP URL in the log: ${processor.log().slice(-1000)}`);
  return url;
}

async function get(url: string): Promise<{ status: number; body: ListAnswer & Record<string, unknown> }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as ListAnswer & Record<string, unknown> };
}

const names = (answer: ListAnswer, key: string): string[] => answer.items.map((item) => String(item[key])).sort();

describe('interactive queries across two processor instances (real Kafka, CLI processes)', () => {
  let stack: TestStack;
  before(async () => {
    stack = await useTestStack();
  });
  after(async () => {
    await killAllCliProcessors();
    await stack?.stop();
  });

  test('each instance answers for the whole group: lists merged from both, every volume found by name, ?scope=local answers its own part; a killed instance shows up as unavailable, then the survivor answers everything', { timeout: 240_000 }, async (t) => {
    const run = await createGlusterRun(stack, faultWorkload(600), 'query-forwarding');
    const [first, second] = await Promise.all([run.startProcessor(), run.startProcessor()]);
    const urls = [httpUrl(first), httpUrl(second)];
    await run.produce();
    const admin = createKafkaClient({ brokers: stack.brokers, clientId: `${run.prefix}-drain`, logger: silentLogger }).admin();
    await admin.connect();
    try {
      await waitUntilDrained(admin, { applicationId: run.applicationId, rawTopic: run.names.raw, outputTopics: DERIVED_ROLES.map((role) => run.names[role]), timeoutMs: 120_000, ready: async () => (await first.ready()) && (await second.ready()) });
    } finally {
      await admin.disconnect();
    }

    for (const [path, key] of [['/volumes', 'name'], ['/bricks', 'name']] as const) {
      // Both instances hold tasks once the group is stable: wait until each local part is a strict, non-empty share.
      const locals = await waitFor(async () => {
        const answers = await Promise.all(urls.map(async (url) => (await get(`${url}${path}?scope=local`)).body));
        return answers.every((answer) => answer.partial && answer.tasks.length > 0) ? answers : undefined;
      }, { timeoutMs: 60_000, intervalMs: 500, what: `both instances own part of ${path}` });
      const [a, b] = await Promise.all(urls.map(async (url) => get(`${url}${path}`)));
      assert.ok(a !== undefined && b !== undefined);
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      const allTasks = [...new Set(locals.flatMap((answer) => answer.tasks))].sort();
      const allNames = [...new Set(locals.flatMap((answer) => names(answer, key)))].sort();
      t.diagnostic(`${path}: ${allNames.length} items in ${allTasks.length} tasks; local shares ${locals.map((answer) => `${answer.items.length} items/${answer.tasks.length} tasks`).join(', ')}`);
      assert.ok(allNames.length > 1, `${path} has items`);
      for (const answer of [a.body, b.body]) {
        assert.equal(answer.partial, false, `${path} is complete: ${JSON.stringify({ tasks: answer.tasks, unavailable: answer.unavailable })}`);
        assert.equal(answer.unavailable, undefined);
        assert.deepEqual(answer.tasks, allTasks, 'every partition answered');
        assert.deepEqual(names(answer, key), allNames, 'the whole set');
      }
      assert.deepEqual(a.body.items, b.body.items, 'both instances give the same answer');
      const [left, right] = locals;
      assert.ok(left !== undefined && right !== undefined);
      assert.deepEqual(left.tasks.filter((task) => right.tasks.includes(task)), [], 'the local parts are disjoint');
      assert.equal(left.items.length + right.items.length, allNames.length, 'the local parts together are the whole');
      assert.ok(left.tasks.length < allTasks.length && right.tasks.length < allTasks.length, 'each local part is a strict subset');
    }

    const volumes = names((await get(`${urls[0]}/volumes`)).body, 'name');
    for (const url of urls) {
      for (const name of volumes) {
        const { status, body } = await get(`${url}/volumes/${encodeURIComponent(name)}`);
        assert.equal(status, 200, `${url} answers ${name}: ${JSON.stringify(body)}`);
        assert.equal((body.item as { name: string }).name, name);
      }
      assert.equal((await get(`${url}/volumes/no-such-volume`)).status, 404);
    }
    const forwarded = await Promise.all(volumes.map(async (name) => (await get(`${urls[0]}/volumes/${encodeURIComponent(name)}`)).body.answeredBy));
    assert.ok(forwarded.includes(urls[1]), 'some volumes were answered by the other instance');

    // A crash: until the group evicts the dead member (session timeout), it is still in the routing table.
    await first.kill();
    const survivor = urls[1] ?? '';
    const during = await get(`${survivor}/volumes`);
    assert.equal(during.status, 200, 'the survivor answers, not an error');
    if (during.body.partial) assert.deepEqual(during.body.unavailable, [urls[0]], 'the dead instance is named');
    else assert.deepEqual(names(during.body, 'name'), volumes, 'already rebalanced: the whole set');
    t.diagnostic(`right after the kill: partial=${during.body.partial} unavailable=${JSON.stringify(during.body.unavailable)} items=${during.body.items.length}`);
    const missing = volumes.find((name) => !names(during.body, 'name').includes(name));
    if (missing !== undefined) {
      const lost = await get(`${survivor}/volumes/${encodeURIComponent(missing)}`);
      assert.equal(lost.status, 404);
      assert.equal(lost.body.partial, true, 'a 404 while the owner is down says the answer may be incomplete');
      assert.deepEqual(lost.body.unavailable, [urls[0]]);
    }

    const healed = await waitFor(async () => {
      const { status, body } = await get(`${survivor}/volumes`);
      return status === 200 && !body.partial ? body : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500, what: 'the survivor answering for every partition after the rebalance' });
    assert.deepEqual(names(healed, 'name'), volumes, 'the whole set again, from the survivor alone');
    assert.equal(healed.unavailable, undefined);
    assert.equal(await second.terminate(), 0);
  });
});
