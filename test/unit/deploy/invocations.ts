import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../../src/package-root/index.js';
import {
  asArray,
  asObject,
  composeServices,
  containers,
  deployPath,
  envFileNames,
  isObject,
  isOurImage,
  k8sObjects,
  podSpec,
  readDeployFile,
  systemdUnit,
  type JsonObject,
} from './deploy-files.js';
import { effective, envNames, execForm, parseDockerfile } from './dockerfile.js';

/** Where a command line or a variable name was found, for assertion messages. */
export interface Found<T> {
  readonly where: string;
  readonly value: T;
}

/** The compiled CLI as `npm run build` writes it: tsconfig.build.json's outDir + src/cli/main.ts as .js. */
export function builtEntry(): string {
  const config = JSON.parse(readFileSync(packagePath('tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
  const fromRoot = join(config.compilerOptions.rootDir, 'src', 'cli', 'main.ts').replace(/\.ts$/, '.js');
  return join(config.compilerOptions.outDir, fromRoot);
}

const PRODUCER_UNIT = ['systemd', 'gluster-eventing-producer.service'] as const;
const PROCESSOR_UNIT = ['systemd', 'gluster-eventing-processor.service'] as const;
const UNITS = [PRODUCER_UNIT, PROCESSOR_UNIT] as const;

/** The gluster-eventing arguments of a unit's ExecStart (what follows the built entry). */
export function unitCliArgs(unitFile: readonly [string, string] = PRODUCER_UNIT): string[] {
  const execStart = systemdUnit(readDeployFile(...unitFile)).get('Service')?.get('ExecStart')?.[0] ?? '';
  const words = execStart.split(/\s+/);
  const entry = words.findIndex((word) => word.endsWith(`/${builtEntry()}`));
  if (entry < 0) throw new Error(`ExecStart does not run the built CLI (${builtEntry()}): ${execStart}`);
  return words.slice(entry + 1);
}

function ourK8sContainers(): { where: string; container: JsonObject }[] {
  return k8sObjects()
    .filter(({ object }) => object['kind'] === 'Deployment' || object['kind'] === 'DaemonSet')
    .flatMap(({ file, object }) =>
      (['containers', 'initContainers'] as const).flatMap((which) =>
        containers(podSpec(object), which)
          .filter((container) => isOurImage(container['image']))
          .map((container) => ({ where: `${file} ${which} ${String(container['name'])}`, container })),
      ),
    );
}

/** Every command line given to the gluster-eventing entry point, in every deployment file. */
export function cliInvocations(): Found<readonly string[]>[] {
  const found: Found<readonly string[]>[] = [];
  const stages = parseDockerfile(readDeployFile('Dockerfile'));
  for (const stage of stages) {
    const cmd = stage.instructions.find((instruction) => instruction.keyword === 'CMD');
    if (cmd !== undefined && effective(stages, stage, 'ENTRYPOINT') !== undefined) found.push({ where: `Dockerfile stage ${stage.name ?? stage.base} CMD`, value: execForm(cmd.args) });
  }
  for (const [name, service] of composeServices()) {
    if (isOurImage(service['image']) && Array.isArray(service['command'])) found.push({ where: `docker-compose.yml ${name}`, value: asArray(service['command']).map(String) });
  }
  for (const { where, container } of ourK8sContainers()) {
    // An explicit `command` replaces the entry point (the init container runs plain node): not the CLI.
    if (container['command'] === undefined) found.push({ where, value: asArray(container['args']).map(String) });
  }
  for (const unitFile of UNITS) found.push({ where: unitFile.join('/'), value: unitCliArgs(unitFile) });
  return found;
}

/** Every environment variable name a deployment file sets for a gluster-eventing process. */
export function environmentNames(): Found<string>[] {
  const found: Found<string>[] = [];
  const stages = parseDockerfile(readDeployFile('Dockerfile'));
  for (const stage of stages) {
    for (const instruction of stage.instructions.filter((entry) => entry.keyword === 'ENV')) {
      for (const name of envNames(instruction)) found.push({ where: 'Dockerfile ENV', value: name });
    }
  }
  for (const [name, service] of composeServices()) {
    if (!isOurImage(service['image'])) continue;
    const environment = service['environment'];
    const names = Array.isArray(environment) ? environment.map((entry) => String(entry).split('=')[0] ?? '') : Object.keys(isObject(environment) ? environment : {});
    for (const variable of names) found.push({ where: `docker-compose.yml ${name}`, value: variable });
  }
  const configMaps = new Set<string>();
  for (const { where, container } of ourK8sContainers()) {
    for (const entry of asArray(container['env'])) found.push({ where, value: String(asObject(entry, 'env entry')['name']) });
    for (const source of asArray(container['envFrom'])) {
      const ref = asObject(source, 'envFrom')['configMapRef'];
      if (isObject(ref)) configMaps.add(String(ref['name']));
    }
  }
  for (const { file, object } of k8sObjects()) {
    if (object['kind'] !== 'ConfigMap' || !configMaps.has(String(asObject(object['metadata'], 'metadata')['name']))) continue;
    for (const variable of Object.keys(asObject(object['data'], 'data'))) found.push({ where: file, value: variable });
  }
  for (const unitFile of UNITS) {
    const unit = systemdUnit(readDeployFile(...unitFile));
    for (const assignment of unit.get('Service')?.get('Environment') ?? []) {
      for (const pair of assignment.split(/\s+/)) found.push({ where: unitFile.join('/'), value: pair.replace(/^"/, '').split('=')[0] ?? '' });
    }
  }
  for (const example of ['producer.env.example', 'processor.env.example']) {
    found.push(...envFileNames(readFileSync(deployPath('systemd', example), 'utf8')).map((value) => ({ where: `systemd/${example}`, value })));
  }
  const webhookEnv = new URL('../../../infra/webhook/webhook.env.example', import.meta.url);
  found.push(...envFileNames(readFileSync(webhookEnv, 'utf8')).map((value) => ({ where: 'infra/webhook/webhook.env.example', value })));
  return found;
}
