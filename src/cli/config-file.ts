import { CONFIG_FILE_ENV, loadConfigFile, sharedSettingsSchema, withConfigFile } from '../config/index.js';

/** Settings read from the environment outside the schemas (the cache folder, the standard D-Bus variable). */
const OTHER_SETTINGS = ['GLUSTER_EVENTING_CACHE', 'DBUS_SYSTEM_BUS_ADDRESS'] as const;

/**
 * The global `--config FILE` (or `GLUSTER_EVENTING_CONFIG`): before any command runs, the file's
 * values are put under the environment. Writing them into `process.env` (only where a variable is
 * unset) is what makes every command, the settings parsers that read the environment, and the
 * children a command starts (simulated producers, the demo's services) see the same settings, with a
 * variable still winning over the file. Runs once, at the edge; library code never reads the file.
 */
export async function applyConfigFile(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (option !== undefined) env[CONFIG_FILE_ENV] = option;
  const path = env[CONFIG_FILE_ENV];
  if (path === undefined || path === '') return;
  const values = loadConfigFile(path, { knownKeys: await knownSettingKeys() });
  Object.assign(env, withConfigFile(env, values));
}

/** Every name a config file may hold: the variables the settings schemas of all commands read. */
export async function knownSettingKeys(): Promise<ReadonlySet<string>> {
  // Imported only when a file is given, and the settings modules rather than the folders' index
  // files: those pull in fastify and the streams runtime, which the producer otherwise never loads.
  const [{ PROCESSOR_ENVIRONMENT }, { JWT_SECRET_ENV, TOKEN_ENV }] = await Promise.all([import('../service/processor-settings.js'), import('../webhook/settings.js')]);
  return new Set([...Object.keys(sharedSettingsSchema.shape), ...Object.values(PROCESSOR_ENVIRONMENT), TOKEN_ENV, JWT_SECRET_ENV, ...OTHER_SETTINGS]);
}
