import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { packagePath } from '../../../src/package-root/index.js';
import { exportedMetrics } from './exported-metrics.js';
import { alertRules, PROMTOOL_SKIP, promtool } from './prometheus-rules.js';
import { metricNames } from './promql-names.js';

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly uid?: string };
  readonly targets?: readonly { readonly expr?: string; readonly refId?: string }[];
  readonly panels?: readonly Panel[];
}

const DASHBOARD = JSON.parse(readFileSync(packagePath('infra', 'deploy', 'grafana', 'gluster-eventing.json'), 'utf8')) as {
  readonly uid: string;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly type: string }[] };
};

/** Every panel, rows' collapsed children included. */
const panels = (list: readonly Panel[]): Panel[] => list.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
const queries = panels(DASHBOARD.panels).filter((panel) => panel.type !== 'row');
const SCRAPE_JOB = /\bjob="gluster-eventing-(processor|producer)"/;

describe('Grafana dashboard (infra/deploy/grafana/gluster-eventing.json)', () => {
  test('parses; panels have unique ids, a query each, and the Prometheus data source variable', () => {
    assert.equal(DASHBOARD.uid, 'gluster-eventing');
    assert.ok(DASHBOARD.templating.list.some((variable) => variable.name === 'datasource' && variable.type === 'datasource'));
    const ids = panels(DASHBOARD.panels).map((panel) => panel.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate panel ids');
    for (const panel of queries) {
      assert.ok((panel.targets ?? []).length > 0, `${panel.title}: no query`);
      assert.equal(panel.datasource?.uid, '${datasource}', `${panel.title}: data source`);
    }
  });

  test('every query is valid PromQL (checked by promtool as recording rules, Grafana intervals as 5m)', { skip: PROMTOOL_SKIP }, async () => {
    const rules = queries.flatMap((panel) => (panel.targets ?? []).map(({ expr = '' }, index) => ({ record: `dashboard:panel${panel.id}:${index}`, expr: expr.replaceAll('$__rate_interval', '5m') })));
    const dir = mkdtempSync(join(tmpdir(), 'gluster-eventing-dashboard-'));
    try {
      writeFileSync(join(dir, 'queries.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      assert.match(await promtool('check', 'rules', join(dir, 'queries.yml')), new RegExp(`SUCCESS: ${rules.length} rules found`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every query reads only metrics exported by the process its job selects", async () => {
    const exported = await exportedMetrics();
    const unknown: string[] = [];
    for (const panel of queries) {
      for (const { expr = '' } of panel.targets ?? []) {
        const job = SCRAPE_JOB.exec(expr)?.[1] as 'processor' | 'producer' | undefined;
        assert.ok(job !== undefined, `${panel.title}: select the scrape job in ${expr}`);
        const known = exported.get(job) ?? new Set();
        const names = metricNames(expr);
        assert.ok(names.length > 0, `${panel.title}: no metric in ${expr}`);
        unknown.push(...names.filter((name) => !known.has(name)).map((name) => `${panel.title}: ${name}`));
      }
    }
    assert.deepEqual(unknown, []);
  });

  test("shows every gluster-eventing metric of the code, and every metric an alert rule reads", async () => {
    const shown = new Set(queries.flatMap((panel) => (panel.targets ?? []).flatMap(({ expr = '' }) => metricNames(expr))));
    // A histogram's _sum is left out: its quantiles (_bucket) and rate (_count) are what is shown.
    const ours = [...(await exportedMetrics()).values()].flatMap((names) => [...names]).filter((name) => /^(streams|gluster_eventing)_/.test(name) && !name.endsWith('_sum'));
    assert.deepEqual(ours.filter((name) => !shown.has(name)), [], 'not on the dashboard');
    const alerted = alertRules().flatMap((rule) => metricNames(rule.expr));
    assert.deepEqual(alerted.filter((name) => !shown.has(name)), []);
  });
});
