import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../../src/logging/index.js';
import { clusterSnapshot, GLUSTER_STORES, startProcessorHttp, toJson } from '../../../src/service/http/index.js';
import { glusterStores, memoryReader, volume, volumeEntry } from './fixtures.js';

/** Reads server-sent events from `url` until `until` holds for the snapshots seen so far. */
async function readSnapshots(url: string, until: (snapshots: unknown[]) => boolean, timeoutMs = 5_000): Promise<unknown[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const snapshots: unknown[] = [];
  try {
    const response = await fetch(url, { signal: controller.signal });
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body ?? []) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (event.startsWith('event: snapshot') && data !== undefined) snapshots.push(JSON.parse(data.slice(6)));
      }
      if (until(snapshots)) return snapshots;
    }
    return snapshots;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

describe('the web view: snapshot, page and event stream', () => {
  test('the snapshot joins each volume with its bricks, their nodes and drives; alerts most severe first', () => {
    const snapshot = clusterSnapshot(memoryReader(glusterStores()));
    assert.equal(snapshot.alerts[0]?.severity, 'CRITICAL');
    const gv0 = snapshot.volumes.find((v) => v.name === 'gv0');
    assert.deepEqual(gv0?.brickViews.map((b) => [b.name, b.nodeId, b.nodeLiveness, b.health]), [
      ['srv1:/bricks/b1', 'node1', 'LIVE', 'HEALTHY'],
      ['srv2:/bricks/b1', 'node2', 'SILENT', 'FAILING'],
      ['srv3:/bricks/b1', null, null, 'UNKNOWN'],
    ]);
    assert.equal(gv0?.brickViews[1]?.drives[0]?.temperatureCelsius, 35);
  });

  test('JSON answers are bigint-safe: safe integers as numbers, larger ones as strings', () => {
    assert.equal(toJson({ small: 5n, big: 2n ** 64n, bytes: Buffer.from('hi') }), '{"small":5,"big":"18446744073709551616","bytes":"aGk="}');
  });

  test('/ is one self-contained HTML page (inline script and style, no external assets)', async () => {
    const server = await startProcessorHttp({ host: '127.0.0.1', port: 0, reader: memoryReader({}), readiness: () => ({ ready: true, reason: 'ok' }), registry: new Registry(), logger: silentLogger });
    try {
      const response = await fetch(`${server.url}/`);
      const html = await response.text();
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      assert.match(html, /<script>/);
      assert.match(html, /new EventSource\('events'\)/);
      assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//, 'no external asset');
    } finally {
      await server.close();
    }
  });

  test('/events pushes a snapshot at once and another when the state changes; close ends the stream', async () => {
    const stores = glusterStores();
    const reader = memoryReader(stores);
    const server = await startProcessorHttp({ host: '127.0.0.1', port: 0, reader, readiness: () => ({ ready: true, reason: 'ok' }), registry: new Registry(), logger: silentLogger, checkEveryMs: 20 });
    try {
      const changed = setTimeout(() => stores[GLUSTER_STORES.volumes]?.push(['gv2', { ...volumeEntry(volume('gv2', 'CREATED', [])), openAlerts: {} }]), 100);
      const snapshots = (await readSnapshots(`${server.url}/events`, (seen) => seen.length >= 2)) as Array<{ volumes: Array<{ name: string }>; readiness: { ready: boolean } }>;
      clearTimeout(changed);
      assert.deepEqual(snapshots[0]?.volumes.map((v) => v.name), ['gv0', 'gv1']);
      assert.equal(snapshots[0]?.readiness.ready, true);
      assert.deepEqual(snapshots[1]?.volumes.map((v) => v.name), ['gv0', 'gv1', 'gv2']);
    } finally {
      const closing = Date.now();
      await server.close();
      assert.ok(Date.now() - closing < 2_000, 'close does not wait for event streams');
    }
  });

  test('an unchanged state is still sent every second (the page sees it is live)', async () => {
    const server = await startProcessorHttp({ host: '127.0.0.1', port: 0, reader: memoryReader(glusterStores()), readiness: () => ({ ready: true, reason: 'ok' }), registry: new Registry(), logger: silentLogger, checkEveryMs: 50 });
    try {
      const started = Date.now();
      const snapshots = await readSnapshots(`${server.url}/events`, (seen) => seen.length >= 2);
      assert.equal(snapshots.length, 2);
      assert.ok(Date.now() - started >= 900, 'not before a second');
    } finally {
      await server.close();
    }
  });
});
