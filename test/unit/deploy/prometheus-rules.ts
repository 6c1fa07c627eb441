import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { packagePath } from '../../../src/package-root/index.js';

/** One alerting rule of infra/deploy/prometheus/alerts.yml, with the group it is in. */
export interface AlertRule {
  readonly group: string;
  readonly alert: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export const ALERTS_FILE = packagePath('infra', 'deploy', 'prometheus', 'alerts.yml');
export const ALERTS_TEST_FILE = packagePath('infra', 'deploy', 'prometheus', 'alerts.test.yml');
export const RUNBOOK_FILE = packagePath('docs', 'runbook.md');

interface RulesFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly Partial<AlertRule>[] }[];
}

/** The alerting rules, as Prometheus reads them (recording rules, if any, are left out). */
export function alertRules(): AlertRule[] {
  const file = parse(readFileSync(ALERTS_FILE, 'utf8')) as RulesFile;
  return file.groups.flatMap((group) =>
    group.rules
      .filter((rule) => rule.alert !== undefined)
      .map((rule) => ({ group: group.name, alert: String(rule.alert), expr: String(rule.expr), labels: rule.labels ?? {}, annotations: rule.annotations ?? {} })),
  );
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

/** docs/runbook.md's `## ` sections: heading → body (up to the next `## `). */
export function runbookSections(): ReadonlyMap<string, string> {
  const sections = new Map<string, string>();
  for (const part of readFileSync(RUNBOOK_FILE, 'utf8').split(/^## /m).slice(1)) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return sections;
}

const PROMTOOL = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim() || undefined;

/** The tests' skip reason without promtool; in CI it must be there (.ci/run installs Debian's prometheus). */
export const PROMTOOL_SKIP: string | false =
  PROMTOOL === undefined && process.env['CI'] === undefined && 'promtool is not installed (apt-get install prometheus): rule syntax and promtool unit tests not run';

/** Runs promtool in the rules' folder; rejects (with its output) when it exits non-zero. */
export async function promtool(...args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(PROMTOOL ?? 'promtool', args, { cwd: dirname(ALERTS_FILE), timeout: 120_000 });
  return `${stdout}${stderr}`;
}
