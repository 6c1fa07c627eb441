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
  // A family both processes serve is one row, "processor, producer".
  const exported = new Map<string, { name: string; type: string; labels: string[]; source: string }>();
  for (const family of await exportedFamilies()) {
    if (!isOwnMetric(family.name)) continue;
    const known = exported.get(family.name);
    exported.set(family.name, { name: family.name, type: family.type, labels: [...family.labelNames], source: known === undefined ? family.source : `${known.source}, ${family.source}` });
  }
  const byName = (left: { name: string }, right: { name: string }): number => left.name.localeCompare(right.name);
  assert.ok(exported.size >= 20, 'expected the streams and producer metrics');
  assert.deepEqual([...documented].sort(byName), [...exported.values()].sort(byName));
});
