import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createClusterQueries, toJson, type QueryDirectory } from '../../../src/service/http/index.js';
import { parseProcessorSettings } from '../../../src/service/index.js';
import { glusterStores, memoryReader, volume } from './fixtures.js';

type Answer = { status: number; body: unknown } | 'down';

/** A fetch that answers from a table of `url+path` → answer ('down' rejects, as a dead peer does). */
function fakeFetch(table: Record<string, Answer>): typeof globalThis.fetch & { asked: string[] } {
  const asked: string[] = [];
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = String(input);
    asked.push(url);
    const answer = table[url];
    if (answer === undefined || answer === 'down') throw new TypeError('fetch failed');
    return new Response(toJson(answer.body), { status: answer.status });
  };
  return Object.assign(fetch as typeof globalThis.fetch, { asked });
}

const directory = (urls: Array<string | null>): QueryDirectory => ({
  self: () => 'http://a',
  hosts: async () => [{ memberId: 'm-a', url: 'http://a', tasks: ['0_0'] }, ...urls.map((url, index) => ({ memberId: `m-${index}`, url, tasks: [`0_${index + 1}`] }))],
});

// This instance holds task 0_0 of 2 partitions per store; the other instance holds 0_1.
const stores = glusterStores();
const reader = memoryReader(stores, { tasks: ['0_0'], partitions: 2 });
const peerVolumes = { items: [volume('gv0', 'STARTED', []), volume('gv9', 'STARTED', [])], tasks: ['0_1'], partial: true };

describe('queries forwarded to the other instances', () => {
  test('a partial list is completed by the others\' local answers: merged, deduplicated by key, tasks united, not partial', async () => {
    const fetch = fakeFetch({ 'http://b/volumes?scope=local': { status: 200, body: peerVolumes } });
    const answer = await createClusterQueries({ reader, directory: directory(['http://b']), fetch }).list('volumes', 'all');
    assert.deepEqual(answer.items.map((item) => item.name), ['gv0', 'gv1', 'gv9']);
    assert.deepEqual(answer.tasks, ['0_0', '0_1']);
    assert.equal(answer.partial, false);
    assert.equal('unavailable' in answer, false);
    assert.deepEqual(fetch.asked, ['http://b/volumes?scope=local'], 'itself is not asked');
  });

  test('scope=local and a complete local answer never ask anyone', async () => {
    const fetch = fakeFetch({});
    const local = await createClusterQueries({ reader, directory: directory(['http://b']), fetch }).list('volumes', 'local');
    assert.equal(local.partial, true);
    const whole = await createClusterQueries({ reader: memoryReader(stores), directory: directory(['http://b']), fetch }).list('bricks', 'all');
    assert.equal(whole.partial, false);
    assert.deepEqual(fetch.asked, []);
  });

  test('a peer that is down, answers an error or advertised no URL is named in unavailable, and the answer stays partial', async () => {
    const fetch = fakeFetch({ 'http://b/nodes?scope=local': 'down', 'http://c/nodes?scope=local': { status: 500, body: { error: 'internal error' } } });
    const answer = await createClusterQueries({ reader, directory: directory(['http://b', 'http://c', null]), fetch }).list('nodes', 'all');
    assert.equal(answer.partial, true);
    assert.deepEqual(answer.unavailable, ['http://b', 'http://c', 'member m-2 (no advertised URL)']);
    assert.deepEqual(answer.items.map((item) => item.nodeId), ['node1', 'node2'], 'the local part is still answered');
  });

  test('a failing group description leaves the local answer, partial, with the reason', async () => {
    const failing: QueryDirectory = { self: () => 'http://a', hosts: () => Promise.reject(new Error('no coordinator')) };
    const answer = await createClusterQueries({ reader, directory: failing, fetch: fakeFetch({}) }).list('alerts', 'all');
    assert.equal(answer.partial, true);
    assert.deepEqual(answer.unavailable, ['(group description failed)']);
  });

  test('/volumes/:name not held here is the owner\'s answer, naming it; 404 only when nobody has it', async () => {
    const fetch = fakeFetch({
      'http://b/volumes/gv9?scope=local': { status: 200, body: { item: volume('gv9', 'STARTED', []), tasks: ['0_1'], partial: true } },
      'http://b/volumes/nope?scope=local': { status: 404, body: { error: 'x', tasks: ['0_1'], partial: true } },
    });
    const queries = createClusterQueries({ reader, directory: directory(['http://b']), fetch });
    const found = await queries.volume('gv9', 'all');
    assert.equal(found.status, 200);
    assert.equal((found.body.item as { name: string }).name, 'gv9');
    assert.equal(found.body.answeredBy, 'http://b');
    assert.equal(found.body.partial, false);
    const missing = await queries.volume('nope', 'all');
    assert.deepEqual(missing, { status: 404, body: { error: 'no volume nope', tasks: ['0_0', '0_1'], partial: false } });
    assert.equal((await queries.volume('gv9', 'local')).status, 404, 'scope=local does not forward');
  });

  test('the snapshot joins the merged lists (a volume\'s bricks may come from another instance)', async () => {
    const list = (items: unknown[]) => ({ status: 200, body: { items, tasks: ['0_1'], partial: true } });
    const fetch = fakeFetch({
      'http://b/volumes?scope=local': list([volume('gv9', 'STARTED', ['srv9:/b'])]),
      'http://b/bricks?scope=local': list([]),
      'http://b/drives?scope=local': list([]),
      'http://b/nodes?scope=local': list([]),
      'http://b/alerts?scope=local': 'down',
    });
    const snapshot = await createClusterQueries({ reader, directory: directory(['http://b']), fetch }).snapshot('all');
    assert.deepEqual(snapshot.volumes.map((item) => item.name), ['gv0', 'gv1', 'gv9']);
    assert.deepEqual(snapshot.unavailable, ['http://b']);
  });
});

describe('GLUSTER_EVENTING_ADVERTISED_URL', () => {
  test('defaults to nothing (the listening URL is used), drops a trailing slash, refuses a bare host:port', () => {
    assert.equal(parseProcessorSettings({}, {}).advertisedUrl, undefined);
    assert.equal(parseProcessorSettings({}, { GLUSTER_EVENTING_ADVERTISED_URL: 'http://10.0.0.5:8088/' }).advertisedUrl, 'http://10.0.0.5:8088');
    assert.throws(() => parseProcessorSettings({}, { GLUSTER_EVENTING_ADVERTISED_URL: '10.0.0.5:8088' }), /GLUSTER_EVENTING_ADVERTISED_URL/);
  });
});
