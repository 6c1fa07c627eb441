import { access, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { parseSharedSettings } from '../../config/index.js';
import { GlusterEventingError } from '../../errors/index.js';
import { createLogger } from '../../logging/index.js';
import { PACKAGE_ROOT } from '../../package-root/index.js';
import { parseProcessorSettings, roleAclInputs } from '../../service/index.js';
import {
  DEFAULT_KAFKA_IMAGE,
  DEFAULT_REGISTRY_IMAGE,
  openStack,
  startContainerStack,
  startStack,
  stopContainerStack,
  type BrokerCount,
  type RunningStack,
  type SecureAccess,
  type StackStatus,
} from '../../stack/index.js';

interface StackFlags {
  readonly dir: string;
  readonly brokers: string;
  readonly containers?: boolean;
  readonly kafkaImage: string;
  readonly registryImage: string;
  readonly secure?: boolean;
  readonly json?: boolean;
}

/**
 * `stack up|down|status`: the embedded Kafka + Apicurio on 127.0.0.1 (brokers 9092-9094, registry 8081),
 * state in `.stack/` of the repo. With both KAFKA_BROKERS and SCHEMA_REGISTRY_URL set, the external
 * cluster is used and nothing is started or stopped.
 */
export function registerStackCommand(program: Command): void {
  const stack = program.command('stack').description('run the embedded Kafka + schema registry on this machine');
  const dir = new Option('--dir <path>', 'state, data and logs folder').default(join(PACKAGE_ROOT, '.stack'));
  const brokers = new Option('--brokers <count>', 'number of brokers').choices(['1', '3']).default('1');

  stack
    .command('up')
    .description('start the stack (idempotent) and print its addresses')
    .addOption(dir)
    .addOption(brokers)
    .option('--containers', 'start it with testcontainers instead (needs a Docker engine, or podman\'s API service in DOCKER_HOST)')
    .addOption(new Option('--kafka-image <name>', 'with --containers: an image configured as apache/kafka is').env('KAFKA_IMAGE').default(DEFAULT_KAFKA_IMAGE))
    .addOption(new Option('--registry-image <name>', 'with --containers: an Apicurio Registry image serving on 8080').env('APICURIO_IMAGE').default(DEFAULT_REGISTRY_IMAGE))
    .option('--secure', 'clients must use TLS + SCRAM-SHA-512 (SASL_SSL on 9192+) and https + basic auth to the registry; prints the client settings')
    .action(async (flags: StackFlags) => {
      const settings = parseSharedSettings(process.env);
      if (settings.external) {
        print(`using the external cluster from the environment; starting nothing\n${addresses(settings.kafka.brokers, settings.schemaRegistry.url)}`);
        return;
      }
      const logger = createLogger({ level: settings.logLevel, component: 'stack' });
      if (flags.containers === true && flags.secure === true) throw new GlusterEventingError('CONFIG_INVALID', '--secure is not available with --containers');
      if (flags.containers === true) {
        // The CLI exits right after `up`; without this testcontainers' reaper would remove the containers.
        process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true';
        const running = await startContainerStack({ dir: flags.dir, logger, kafkaImage: flags.kafkaImage, registryImage: flags.registryImage });
        print(`stack started with containers\n${addresses(running.brokers, running.registryUrl)}`);
        return;
      }
      const started = Date.now();
      const { stack: running, alreadyRunning } = await startStack({
        dir: flags.dir,
        brokers: Number(flags.brokers) as BrokerCount,
        ports: 'default',
        cacheDir: process.env['GLUSTER_EVENTING_CACHE'] ?? join(homedir(), '.cache', 'gluster-eventing'),
        lifetime: 'detached',
        logger,
        onProgress: (line) => process.stderr.write(`[maven] ${line}\n`),
        secure: flags.secure === true,
        // Each role's user gets the ACLs for the topic prefix and application id configured here.
        ...(flags.secure === true ? { roleAcls: roleAclInputs({ topicPrefix: settings.topicPrefix, processor: parseProcessorSettings({}, process.env) }) } : {}),
      });
      const took = ((Date.now() - started) / 1000).toFixed(1);
      const where = running.secure === undefined ? addresses(running.brokers, running.registryUrl) : await secureSettings(running.secure);
      print(`${alreadyRunning ? 'stack already running' : `stack up in ${took} s`} (${running.dir})\n${where}`);
    });

  stack
    .command('down')
    .description('stop exactly the processes `stack up` started and wait for them to exit')
    .addOption(dir)
    .action(async (flags: StackFlags) => {
      if (parseSharedSettings(process.env).external) return print('using the external cluster from the environment; stopping nothing');
      const running = await openStack({ dir: flags.dir });
      const containers = await stopContainerStackIfRecorded(flags.dir);
      if (running === undefined && !containers) return print(`no stack recorded in ${flags.dir}`);
      await running?.stop();
      print('stack stopped');
    });

  stack
    .command('status')
    .description('what runs where: pids, ports, log files, data folder')
    .addOption(dir)
    .option('--json', 'machine-readable output')
    .action(async (flags: StackFlags) => {
      const settings = parseSharedSettings(process.env);
      const running: RunningStack | undefined = await openStack({ dir: flags.dir });
      const status = running?.status();
      if (flags.json === true) return print(JSON.stringify(status ?? { running: false, dir: flags.dir, external: settings.external }, null, 2));
      if (settings.external) return print(`external cluster from the environment\n${addresses(settings.kafka.brokers, settings.schemaRegistry.url)}`);
      print(status === undefined ? `no stack recorded in ${flags.dir}` : describe(status));
    });
}

async function stopContainerStackIfRecorded(dir: string): Promise<boolean> {
  // Only touches testcontainers (and so Docker) when `up --containers` left a record.
  const recorded = await access(join(dir, 'containers.json')).then(() => true, () => false);
  return recorded ? stopContainerStack({ dir }) : false;
}

function addresses(brokers: readonly string[], registryUrl: string): string {
  return `KAFKA_BROKERS=${brokers.join(',')}\nSCHEMA_REGISTRY_URL=${registryUrl}`;
}

/**
 * The client settings of a `--secure` stack, ready for an env file: the admin's in full, then each
 * role's own users (what differs); its throwaway passwords as comments.
 */
async function secureSettings(secure: SecureAccess): Promise<string> {
  const password = async (file: string): Promise<string> => (await readFile(file, 'utf8')).trim();
  const roles = Object.entries(secure.roles);
  return [
    '# clients: TLS + SCRAM-SHA-512 to Kafka, https + basic auth to the registry; nothing is allowed without',
    '# an ACL. The admin (a super user: topics apply, schemas register, acls --apply):',
    ...Object.entries(secure.environment).map(([name, value]) => `${name}=${value}`),
    '# each component its own user, allowed exactly `gluster-eventing acls --role <role>`: the settings above with',
    ...roles.map(
      ([role, access]) =>
        `#   ${role.padEnd(9)} KAFKA_SASL_USERNAME=${access.username} KAFKA_SASL_PASSWORD_FILE=${access.passwordFile} SCHEMA_REGISTRY_USERNAME=${access.registryUsername} SCHEMA_REGISTRY_PASSWORD_FILE=${access.registryPasswordFile}`,
    ),
    `# throwaway passwords of this local stack (Kafka and registry): ${(await Promise.all([secure, ...roles.map(([, access]) => access)].map(async (access) => `${access.username}: ${await password(access.passwordFile)} / ${await password(access.registryPasswordFile)}`))).join('; ')}`,
  ].join('\n');
}

function describe(status: StackStatus): string {
  const line = (name: string, alive: boolean, pid: number | null, where: string, log: string): string =>
    `${name.padEnd(9)} ${(alive ? 'running' : 'stopped').padEnd(8)} pid ${String(pid ?? '-').padEnd(8)} ${where.padEnd(40)} log ${log}`;
  return [
    `stack in ${status.dir} (${status.running ? 'running' : 'not fully running'}, started ${status.startedAt})`,
    ...status.brokers.map((b) => line(b.name, b.alive, b.pid, `${b.address} (controller ${b.controllerPort})`, b.logFile)),
    line('registry', status.registry.alive, status.registry.pid, status.registry.ccompatUrl, status.registry.logFile),
  ].join('\n');
}

function print(text: string): void {
  process.stdout.write(text + '\n');
}
