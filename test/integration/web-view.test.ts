import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseSharedSettings } from '../../src/config/index.js';
import { startLocalPipeline, type LocalPipeline } from '../../src/demo/local-pipeline.js';
import { createLogger } from '../../src/logging/index.js';
import { parseProcessorSettings } from '../../src/service/index.js';
import type { NodeSpecInput } from '../../src/simulator/index.js';
import { uniqueName, useTestStack, type TestStack } from '../helpers/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const NODES: NodeSpecInput[] = ['1', '2'].map((n) => ({
  id: `node${n}`,
  glusterUuid: `0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a200${n}`,
  hostname: `srv${n}`,
  drives: [{ device: 'sda', kind: 'ata', model: 'SIM HDD', serial: `S${n}A` }],
  bricks: [{ path: '/bricks/b1', layout: { type: 'partition', drive: 'sda' } }],
}));

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install -y --no-install-recommends chromium)`;

describe('the live web view in headless Chromium, on the real stack', { skip }, () => {
  let stack: TestStack;
  let pipeline: LocalPipeline;
  let browser: Browser;
  let page: Page;
  let dir: string;

  before(async () => {
    stack = await useTestStack();
    dir = mkdtempSync(join(tmpdir(), 'ge-web-'));
    const prefix = uniqueName('web');
    const shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix });
    const processor = parseProcessorSettings({ applicationId: `${prefix}-processor`, registerSchemas: true, httpPort: '0' }, {});
    const logger = createLogger({ level: process.env['E2E_LOG'] ?? 'silent' });
    pipeline = await startLocalPipeline({ shared, processor, nodes: NODES, dir, heartbeatMs: 1_000, logger });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(pipeline.processor()?.httpUrl ?? assert.fail('no processor'));
  });

  after(async () => {
    await browser?.close();
    await pipeline?.stop();
    await stack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('the page shows gv0 with its status, bricks and risk once created and started', async () => {
    await page.evaluate('window.loadedOnce = true');
    // With a layout, the simulated nodes export the gluster-dbus exporter's layout and brick `online`.
    await pipeline.cluster.apply({ action: 'volume.create', volume: 'gv0', id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5d', bricks: NODES.map((node) => `${node.hostname}:/bricks/b1`), layout: { replica: 2 } });
    await pipeline.cluster.apply({ action: 'volume.start', volume: 'gv0' });
    const volume = page.locator('[data-volume="gv0"]');
    await volume.getByText('STARTED', { exact: true }).waitFor({ timeout: 60_000 });
    await volume.getByText('srv2:/bricks/b1').first().waitFor({ timeout: 20_000 });
    await volume.locator('[data-risk="HEALTHY"]').waitFor({ timeout: 20_000 });
    assert.match(await volume.locator('.risk').innerText(), /Replicate: survives 0 more brick failure\(s\) of 0 by design/);
    assert.match(await page.locator('#alerts').innerText(), /No open alerts/);
  });

  test('a failing drive: the critical alert appears at the top, red, without a reload (server-sent events)', async () => {
    pipeline.cluster.node('node2').setSmartFailing('sda', true);
    const alert = page.locator('#alerts .alert[data-type="BRICK_ON_FAILING_DRIVE"]');
    await alert.waitFor({ timeout: 20_000 });
    assert.equal(await page.evaluate('window.loadedOnce'), true, 'same page, not reloaded');
    assert.match((await page.locator('#alerts .alert').first().getAttribute('class')) ?? '', /CRITICAL/);
    assert.equal(await alert.evaluate((node) => (globalThis as unknown as { getComputedStyle(element: unknown): { borderLeftColor: string } }).getComputedStyle(node).borderLeftColor), 'rgb(207, 34, 46)');
    await page.locator('[data-volume="gv0"] .pill.FAILING').first().waitFor({ timeout: 20_000 });
    // The replica 2 set has no margin left once the brick on the failing drive is counted as failed.
    await page.locator('#alerts .alert[data-type="VOLUME_AT_RISK"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-volume="gv0"] [data-risk="AT_RISK"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-volume="gv0"] [data-set="0"]').innerText(), /THREATENED\s+srv2:\/bricks\/b1 drive .* failing SMART/);
  });

  test('a screenshot of the page is a non-trivial PNG', async () => {
    const shots = mkdtempSync(join(tmpdir(), 'ge-web-shot-'));
    const file = join(shots, 'web-view.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(png.readUInt32BE(16) >= 1000 && png.readUInt32BE(20) >= 300, `size ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`);
    assert.ok(png.length > 10_000, `${png.length} bytes`);
    process.stdout.write(`# web view screenshot: ${file}\n`);
  });
});
