import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { withSecret } from './secret.js';
import { readPasswordFile, readSettingFile, type ReadSettingFile } from './setting-file.js';
import { optionalText } from './setting-types.js';

/** HTTP basic credentials for the registry; `password` is non-enumerable (never logged). */
export interface RegistryBasicAuth {
  readonly username: string;
  readonly password: string;
}

/** Where the registry is and how to reach it. */
export interface SchemaRegistrySettings {
  /** Confluent-compatible base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  readonly url: string;
  readonly auth?: RegistryBasicAuth;
  /** PEM of the CA that signed an https registry's certificate, when it is not a public one. */
  readonly ca?: string;
}

export const registrySecurityShape = {
  SCHEMA_REGISTRY_USERNAME: optionalText,
  SCHEMA_REGISTRY_PASSWORD: optionalText,
  SCHEMA_REGISTRY_PASSWORD_FILE: optionalText,
  SCHEMA_REGISTRY_CA_FILE: optionalText,
};

type Parsed = z.output<z.ZodObject<typeof registrySecurityShape>>;

/** Checks the combinations (one {@link ConfigError} naming the setting, never a value) and reads the files. */
export function resolveSchemaRegistry(url: string, parsed: Parsed, read: ReadSettingFile): SchemaRegistrySettings {
  const username = parsed.SCHEMA_REGISTRY_USERNAME;
  const inline = parsed.SCHEMA_REGISTRY_PASSWORD;
  const file = parsed.SCHEMA_REGISTRY_PASSWORD_FILE;
  const caFile = parsed.SCHEMA_REGISTRY_CA_FILE;
  if (inline !== undefined && file !== undefined) throw new ConfigError('SCHEMA_REGISTRY_PASSWORD_FILE', 'set either SCHEMA_REGISTRY_PASSWORD or SCHEMA_REGISTRY_PASSWORD_FILE, not both');
  const hasPassword = inline !== undefined || file !== undefined;
  if (username === undefined && hasPassword) throw new ConfigError('SCHEMA_REGISTRY_USERNAME', 'required when a registry password is set');
  if (username !== undefined && !hasPassword) throw new ConfigError('SCHEMA_REGISTRY_PASSWORD', 'required (or SCHEMA_REGISTRY_PASSWORD_FILE) when SCHEMA_REGISTRY_USERNAME is set');
  if (caFile !== undefined && !url.startsWith('https:')) throw new ConfigError('SCHEMA_REGISTRY_CA_FILE', 'only for an https:// SCHEMA_REGISTRY_URL');
  const settings = {
    url,
    ...(caFile === undefined ? {} : { ca: readSettingFile('SCHEMA_REGISTRY_CA_FILE', caFile, read) }),
    ...(username === undefined
      ? {}
      : { auth: Object.freeze(withSecret({ username }, 'password', inline ?? readPasswordFile('SCHEMA_REGISTRY_PASSWORD_FILE', file ?? '', read))) }),
  };
  return Object.freeze(settings);
}
