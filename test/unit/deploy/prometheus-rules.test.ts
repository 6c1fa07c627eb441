import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { exportedMetrics, type MetricSource } from './exported-metrics.js';
import { ALERTS_FILE, ALERTS_TEST_FILE, alertRules, headingAnchor, PROMTOOL_SKIP as SKIP, promtool, runbookSections } from './prometheus-rules.js';
import { metricNames } from './promql-names.js';

/** Which processes' metrics a rule group may read: groups are named after the scrape jobs' processes. */
function sourcesOf(group: string): MetricSource[] {
  if (group.endsWith('-processor-and-producer')) return ['processor', 'producer'];
  if (group.endsWith('-processor')) return ['processor'];
  if (group.endsWith('-producer')) return ['producer'];
  throw new Error(`rule group ${group}: name it ...-processor, ...-producer or ...-processor-and-producer`);
}

describe('Prometheus alert rules (infra/deploy/prometheus)', () => {
  test('promtool check rules accepts alerts.yml', { skip: SKIP }, async () => {
    assert.match(await promtool('check', 'rules', ALERTS_FILE), new RegExp(`SUCCESS: ${alertRules().length} rules found`));
  });

  test('promtool check config accepts the example prometheus.yml, which loads alerts.yml and scrapes both jobs', { skip: SKIP }, async () => {
    const output = await promtool('check', 'config', 'prometheus.yml');
    assert.match(output, /prometheus\.yml is valid/);
    assert.match(output, new RegExp(`SUCCESS: ${alertRules().length} rules found`));
    const config = readFileSync(ALERTS_FILE.replace(/alerts\.yml$/, 'prometheus.yml'), 'utf8');
    for (const job of ['gluster-eventing-processor', 'gluster-eventing-producer']) assert.match(config, new RegExp(`job_name: ${job}\n`));
  });

  test('promtool test rules: every alert fires on its unit-test series, and not on the near misses', { skip: SKIP }, async () => {
    assert.match(await promtool('test', 'rules', ALERTS_TEST_FILE), /SUCCESS/);
  });

  test('every alert has a promtool test case that expects it to fire', () => {
    const tests = readFileSync(ALERTS_TEST_FILE, 'utf8');
    for (const { alert } of alertRules()) assert.match(tests, new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`), `${alert} never expected to fire`);
  });

  test('every rule reads only metrics its process exports (names from the code, not from a list)', async () => {
    const exported = await exportedMetrics();
    const unknown: string[] = [];
    for (const rule of alertRules()) {
      const names = metricNames(rule.expr);
      assert.ok(names.length > 0, `${rule.alert}: no metric found in ${rule.expr}`);
      // A metric of a group of both processes must be served by each of them.
      const known = sourcesOf(rule.group).map((source) => exported.get(source) ?? new Set<string>());
      unknown.push(...names.filter((name) => !known.every((names) => names.has(name))).map((name) => `${rule.alert}: ${name}`));
    }
    assert.deepEqual(unknown, []);
  });

  test('the metric-name check can fail: it finds a misspelt name and refuses __name__ selectors', async () => {
    const known = (await exportedMetrics()).get('processor') ?? new Set();
    assert.deepEqual(metricNames('sum by (topic) (rate(streams_records_in_totl{job="x"}[5m])) > 0 and on (topic) up').filter((name) => !known.has(name)), ['streams_records_in_totl']);
    assert.deepEqual(metricNames('histogram_quantile(0.99, sum by (le) (rate(streams_commit_latency_seconds_bucket[$__rate_interval])))'), ['streams_commit_latency_seconds_bucket']);
    assert.throws(() => metricNames('{__name__=~"streams_.*"}'));
  });

  test('every alert has severity and summary, and a runbook section (meaning, what to look at, what to do) its runbook_url names', () => {
    const sections = runbookSections();
    for (const rule of alertRules()) {
      assert.ok(['critical', 'warning', 'info'].includes(rule.labels['severity'] ?? ''), `${rule.alert}: severity`);
      assert.ok((rule.annotations['summary'] ?? '') !== '', `${rule.alert}: summary`);
      const section = sections.get(rule.alert);
      assert.ok(section !== undefined, `docs/runbook.md has no "## ${rule.alert}"`);
      for (const part of ['**What it means.**', '**What to look at.**', '**What to do.**']) assert.ok(section.includes(part), `${rule.alert}: runbook lacks ${part}`);
      assert.equal(rule.annotations['runbook_url'], `docs/runbook.md#${headingAnchor(rule.alert)}`, `${rule.alert}: runbook_url`);
    }
  });

  test('the runbook documents no alert that does not exist', () => {
    const alerts = new Set(alertRules().map((rule) => rule.alert));
    const stale = [...runbookSections().keys()].filter((heading) => heading.startsWith('GlusterEventing') && !alerts.has(heading));
    assert.deepEqual(stale, []);
  });
});
