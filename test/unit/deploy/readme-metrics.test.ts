import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readmeTable } from '../readme-table.js';
import { exportedFamilies, isOwnMetric } from './exported-metrics.js';

test("the README's metrics table is what the processor and producer registries export: names, types, labels, process", async () => {
  const documented = readmeTable('| metric | type | labels | served by | meaning |').map(([name = '', type = '', labels = '', source = '']) => ({
    name,
    type,
    labels: labels === '' ? [] : labels.split(/,\s*/),
    source,
  }));
  const exported = (await exportedFamilies())
    .filter((family) => isOwnMetric(family.name))
    .map((family) => ({ name: family.name, type: family.type, labels: [...family.labelNames], source: family.source }));
  const byName = (left: { name: string }, right: { name: string }): number => left.name.localeCompare(right.name);
  assert.ok(exported.length >= 20, 'expected the streams and producer metrics');
  assert.deepEqual([...documented].sort(byName), [...exported].sort(byName));
});
