import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EVENT_ALERTS } from '../../../pipelines/gluster-events/event-signal.js';
import { packagePath } from '../../../src/package-root/index.js';
import { readmeTable } from '../readme-table.js';

const PIPELINES = packagePath('pipelines');

function sources(dir: string): { readonly file: string; readonly text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [{ file: join(dir, entry.name), text: readFileSync(join(dir, entry.name), 'utf8') }] : [],
  );
}

/**
 * Where the code raises each alert type, with its severity: the pipelines' `AlertCondition`
 * literals (`type`, `subject`, `severity` in that order, as `reconcileAlerts` takes them), and the
 * event pipeline's types, whose severity is in `EVENT_ALERTS`, where a signal of that type is made
 * (`signal('<TYPE>', ...)` from a Gluster event, or a `type: '<TYPE>'` signal from Brick `online`).
 */
function raisedTypes(): Map<string, string> {
  const all = sources(PIPELINES);
  const raised = new Map<string, string>();
  for (const { text } of all) {
    for (const [, type = '', severity = ''] of text.matchAll(/type: '([A-Z_]+)',\s*\n\s*subject: [^\n]*\n\s*severity: '([A-Z]+)'/g)) raised.set(type, severity);
  }
  const signalSources = all.filter(({ file }) => file.includes('gluster-events') && !/event-(signal|conditions)\.ts$/.test(file)).map(({ text }) => text).join('\n');
  for (const [type, { severity }] of Object.entries(EVENT_ALERTS)) {
    if (new RegExp(`signal\\('${type}',|type: '${type}',`).test(signalSources)) raised.set(type, severity);
  }
  return raised;
}

test("the README's alert table lists every alert type of the schema, with the severity the code raises it at", () => {
  const schema = JSON.parse(readFileSync(packagePath('schemas', 'alert-value.avsc'), 'utf8')) as { fields: { name: string; type: { symbols?: string[] } }[] };
  const symbols = schema.fields.find((field) => field.name === 'type')?.type.symbols ?? [];
  const raised = raisedTypes();
  assert.deepEqual([...raised.keys()].sort(), [...symbols].sort(), 'every type of the enum is raised somewhere, and nothing else');
  const documented = new Map(readmeTable('| alert | severity | from | raised when | resolved when |').map(([type = '', severity = '']) => [type, severity]));
  assert.deepEqual([...documented.keys()].sort(), [...symbols].sort(), 'README rows');
  for (const [type, severity] of raised) assert.equal(documented.get(type), severity, `${type}: severity`);
});

test('the scan of the raising code can fail: a type nobody raises is not found', () => {
  assert.equal(raisedTypes().has('VOLUME_ON_FIRE'), false);
  assert.equal(raisedTypes().get('NODE_SILENT'), 'CRITICAL');
  assert.equal(raisedTypes().get('QUOTA_SOFT_LIMIT_CROSSED'), 'WARNING');
});
