import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const runtime = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/streams');

/**
 * The one module outside src/streams the runtime may import: pino's `Logger` type and a silent
 * logger, which name no application. (Giving the runtime its own would be a later, separate step.)
 */
const ALLOWED = new Set([resolve(runtime, '../logging/index.js')]);

/** Every relative module specifier of a source file: static imports and exports, and dynamic imports. */
function relativeSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']*)'/gm)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

test('the streams runtime imports nothing of the application: every relative import stays inside src/streams (logging aside)', () => {
  const files = readdirSync(runtime, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  assert.ok(files.length > 50, `found only ${files.length} runtime files under ${runtime}`);
  const outside: string[] = [];
  for (const file of files) {
    const path = join(runtime, file);
    for (const specifier of relativeSpecifiers(readFileSync(path, 'utf8'))) {
      const target = resolve(dirname(path), specifier);
      if (relative(runtime, target).startsWith('..') && !ALLOWED.has(target)) outside.push(`src/streams/${file}: ${specifier}`);
    }
  }
  assert.deepEqual(outside, [], 'the runtime depends only on itself, src/logging, Node and its libraries (kafkajs, RxJS, pino)');
});
