import { readFileSync } from 'node:fs';
import { packagePath } from '../../src/package-root/index.js';

/**
 * The rows of the README's Markdown table whose header row is exactly `header` (e.g.
 * `| metric | type | labels |`), as cells with their backticks removed; throws if that table is
 * missing, so a renamed column fails the test that reads it.
 */
export function readmeTable(header: string): string[][] {
  const lines = readFileSync(packagePath('README.md'), 'utf8').split('\n');
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`README.md has no table headed ${header}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim().replaceAll('`', '')));
  }
  return rows;
}
