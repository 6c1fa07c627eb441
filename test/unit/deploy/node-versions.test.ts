import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { packagePath } from '../../../src/package-root/index.js';
import { readDeployFile } from './deploy-files.js';

const read = (path: string): string => readFileSync(packagePath(path), 'utf8');
const match = (text: string, pattern: RegExp, where: string): string => pattern.exec(text)?.[1] ?? assert.fail(`${where}: no match for ${pattern}`);

/**
 * The supported Node versions are written in several places; they name one primary major: the
 * image's default base, the local base image setup.sh builds, what CI runs the whole suite on, and
 * what the README says. `engines` admits it and the other supported major CI tests.
 */
test('engines, the image base, setup.sh, .ci/run and the README agree on the Node versions', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const floor = Number(match(engines, /^>=(\d+)$/, 'package.json engines.node'));
  const primary = match(readDeployFile('Dockerfile'), /^ARG NODE_IMAGE=node:(\d+)-bookworm-slim$/m, 'infra/deploy/Dockerfile');
  assert.equal(match(read('infra/containers/setup.sh'), /^NODE_VERSION=\$\{NODE_VERSION:-(\d+)\}$/m, 'setup.sh'), primary);
  const ci = read('.ci/run');
  assert.equal(match(ci, /^node_primary=\$\(infra\/node\/install\.sh (\d+)\)$/m, '.ci/run'), primary);
  const other = match(ci, /^node_other=\$\(infra\/node\/install\.sh (\d+)\)$/m, '.ci/run');
  assert.equal(Number(other), floor, 'CI tests the oldest version engines admits');
  assert.ok(Number(primary) > floor);
  const readme = read('README.md');
  assert.match(readme, new RegExp(`Both need Node\\.js ${primary} or ${other}\\b`));
  assert.match(readme, new RegExp(`default \`node:${primary}-bookworm-slim\``));
});
