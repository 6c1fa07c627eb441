import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, test } from 'node:test';
import { PACKAGE_ROOT, packagePath } from '../../../src/package-root/index.js';
import { DEFAULT_SCHEMAS_DIR } from '../../../src/serde/schema-files.js';
import { asArray, composeServices, readDeployFile } from './deploy-files.js';
import { effective, execForm, lineage, parseDockerfile } from './dockerfile.js';
import { builtEntry } from './invocations.js';

const stages = parseDockerfile(readDeployFile('Dockerfile'));
const runtime = stages.at(-1);
const packageJson = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { scripts: Record<string, string> };
const buildConfig = JSON.parse(readFileSync(packagePath('tsconfig.build.json'), 'utf8')) as { include: string[] };

describe('infra/deploy/Dockerfile', () => {
  test('the default (last) stage is the runtime, and it runs as a non-root user', () => {
    assert.equal(runtime?.name, 'runtime');
    const user = effective(stages, runtime, 'USER')?.args ?? 'root';
    const [name = '', group] = user.split(':');
    assert.notEqual(name, 'root');
    assert.notEqual(name, '0');
    assert.match(name, /^[1-9]\d*$/, 'a numeric uid, so Kubernetes runAsNonRoot can verify it');
    assert.notEqual(group, '0');
  });

  test('its entry point is node running the CLI where `npm run build` writes it', () => {
    assert.equal(packageJson.scripts['build'], 'tsc -p tsconfig.build.json');
    const workdir = effective(stages, runtime!, 'WORKDIR')?.args;
    const entry = execForm(effective(stages, runtime!, 'ENTRYPOINT')?.args ?? '[]');
    assert.deepEqual(entry, ['node', `${workdir}/${builtEntry()}`]);
    assert.equal(builtEntry(), 'dist/src/cli/main.js');
  });

  test('the build stage runs the same npm commands as a checkout, and copies every folder the build compiles', () => {
    const build = stages.find((stage) => stage.name === 'build');
    assert.ok(build !== undefined);
    const runs = build.instructions.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.args).join(' && ');
    assert.match(runs, /\bnpm ci\b/);
    for (const script of runs.matchAll(/npm run (\S+)/g)) assert.ok(script[1] !== undefined && script[1] in packageJson.scripts, `npm run ${script[1]} is no package.json script`);
    assert.match(runs, /npm run build/);
    // npm can exit 0 having installed nothing: the step must check what `npm ci` should have left.
    const install = build.instructions.find((instruction) => instruction.keyword === 'RUN' && /\bnpm ci\b/.test(instruction.args))?.args ?? '';
    assert.match(install.slice(install.indexOf('npm ci')), /&&[^]*node_modules\/\.bin\/tsc[^]*exit 1/, 'npm ci is followed by a check that it installed, failing the step');
    assert.match(runs, /npm prune --omit=dev/);
    const copied = build.instructions.filter((instruction) => instruction.keyword === 'COPY').flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));
    for (const pattern of buildConfig.include) {
      const folder = pattern.split('/')[0] ?? '';
      assert.ok(copied.includes(`${folder}/`), `tsconfig.build.json compiles ${pattern} but the build stage does not copy ${folder}/`);
    }
    // postinstall patches node_modules with files of infra/patches: they must be there for `npm ci`.
    for (const file of packageJson.scripts['postinstall']?.match(/infra\/\S+/g) ?? []) {
      assert.ok(copied.some((source) => file.startsWith(source)), `postinstall needs ${file}`);
    }
  });

  test('the runtime holds what the built code reads from the package root, and only built code', () => {
    const copies = lineage(stages, runtime!).filter((instruction) => instruction.keyword === 'COPY').map((instruction) => instruction.args);
    const sources = copies.map((args) => args.replace(/--from=\S+\s+/, '').split(/\s+/)[0]?.replace(/^\/src\//, '').replace(/\/$/, ''));
    const schemas = relative(PACKAGE_ROOT, DEFAULT_SCHEMAS_DIR);
    for (const needed of ['package.json', 'node_modules', 'dist', schemas]) assert.ok(sources.includes(needed), `runtime lacks ${needed}`);
    assert.ok(!sources.includes('src') && !sources.includes('test'), 'no TypeScript sources in the runtime image');
    for (const args of copies.filter((entry) => !entry.startsWith('--from='))) {
      const source = args.split(/\s+/)[0] ?? '';
      assert.ok(existsSync(packagePath(source)), `COPY ${source}: not in the repository`);
    }
  });

  test('the HEALTHCHECK probes the URL the processor writes, which the image tells it to write', () => {
    const check = execForm((effective(stages, runtime!, 'HEALTHCHECK')?.args ?? '').replace(/^.*?CMD\s+/, ''));
    assert.equal(check[0], 'node');
    assert.match(check.join(' '), /process\.env\.GLUSTER_EVENTING_HTTP_URL_FILE/);
    assert.doesNotMatch(check.join(' '), /GLUSTER_EVENTING_HTTP_PORT/, 'a port from --http-port or a config file would be missed');
    const env = lineage(stages, runtime!).filter((instruction) => instruction.keyword === 'ENV').map((instruction) => instruction.args).join(' ');
    assert.match(env, /GLUSTER_EVENTING_HTTP_URL_FILE=\/tmp\//, 'the URL file is set, under /tmp (writable, an emptyDir in k8s/)');
  });

  test("the simulator stage's scenario is a file of the repository, and compose's producers are its nodes", () => {
    const simulator = stages.find((stage) => stage.name === 'simulator');
    assert.ok(simulator !== undefined);
    const cmd = execForm(simulator.instructions.find((instruction) => instruction.keyword === 'CMD')?.args ?? '[]');
    const scenarioInImage = cmd[cmd.indexOf('--scenario') + 1] ?? '';
    const copy = simulator.instructions.find((instruction) => instruction.keyword === 'COPY' && instruction.args.includes('scenarios'))?.args.split(/\s+/) ?? [];
    const [from = '', to = ''] = copy;
    assert.ok(scenarioInImage.startsWith(to), `${scenarioInImage} is not under ${to}`);
    const scenarioFile = packagePath(from, scenarioInImage.slice(to.length));
    assert.ok(existsSync(scenarioFile), `${scenarioFile} missing`);
    const nodes = (JSON.parse(readFileSync(scenarioFile, 'utf8')) as { nodes: { id: string; glusterUuid: string }[] }).nodes;
    const producers = composeServices().filter(([, service]) => asArray(service['command'])[0] === 'producer');
    assert.equal(producers.length, nodes.length, 'one producer per simulated node');
    for (const [name, service] of producers) {
      const argv = asArray(service['command']).map(String);
      const nodeId = argv[argv.indexOf('--node-id') + 1];
      const node = nodes.find((candidate) => candidate.id === nodeId);
      assert.ok(node !== undefined, `${name}: --node-id ${nodeId} is not a scenario node`);
      assert.equal(argv[argv.indexOf('--gluster-uuid') + 1], node.glusterUuid, name);
      assert.equal(argv[argv.indexOf('--bus') + 1], `unix:path=/sim/${node.id}/bus.sock`, `${name}: the simulator puts node ${node.id}'s bus at <nodes-dir>/${node.id}/bus.sock`);
    }
  });
});
