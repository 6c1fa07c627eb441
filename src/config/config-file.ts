import { ConfigError } from './config-error.js';
import { readSettingFileFromDisk, type ReadSettingFile } from './setting-file.js';

/** The variable (and, through `--config`, the option) that names the config file. */
export const CONFIG_FILE_ENV = 'GLUSTER_EVENTING_CONFIG';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads a JSON config file: one object whose keys are the environment variable names (one table in the
 * README documents both) and whose values are strings, numbers, booleans or, for lists such as
 * `KAFKA_BROKERS`, arrays of strings. The values come back as the strings the environment would hold,
 * so the same schemas validate them. A key not in `knownKeys` is an error naming the key: a typo must
 * not silently fall back to a default. Messages name the file and the key, never a value.
 *
 * @example loadConfigFile('/etc/gluster-eventing.json', { knownKeys }) // { KAFKA_BROKERS: 'a:9092,b:9092', KAFKA_SSL: 'true' }
 */
export function loadConfigFile(
  path: string,
  options: { readonly knownKeys: ReadonlySet<string>; readonly read?: ReadSettingFile },
): Readonly<Record<string, string>> {
  let text: string;
  try {
    text = (options.read ?? readSettingFileFromDisk)(path);
  } catch (error) {
    throw new ConfigError(CONFIG_FILE_ENV, `cannot read ${path} (${(error as NodeJS.ErrnoException | undefined)?.code ?? 'unreadable'})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the mistake, which may be a password: give the position only.
    const position = /position (\d+)/.exec(String(error))?.[1];
    throw new ConfigError(CONFIG_FILE_ENV, `${path} is not valid JSON${position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ConfigError(CONFIG_FILE_ENV, `${path} must hold one JSON object of settings`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(document)) {
    if (!options.knownKeys.has(key)) throw new ConfigError(key, `unknown setting in ${path} (keys are the environment variable names of the README's Configuration table)`);
    const text = settingText(value);
    if (text === undefined) throw new ConfigError(key, `in ${path}: a string, number, boolean or list of strings`);
    if (text !== null) values[key] = text;
  }
  return Object.freeze(values);
}

/**
 * The environment the settings parsers read: the file's values under the real environment, so a
 * variable always wins over the file, which wins over the defaults.
 */
export function withConfigFile(env: Env, fileValues: Readonly<Record<string, string>>): Env {
  const merged: Record<string, string | undefined> = { ...fileValues };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return Object.freeze(merged);
}

/** null: the key is there but unset (JSON null), so the default applies. undefined: not a setting value. */
function settingText(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
  return undefined;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
