export {
  DEFAULT_KAFKA_BROKERS,
  DEFAULT_SCHEMA_REGISTRY_URL,
  DEFAULT_TOPIC_PREFIX,
  parseOrThrow,
  parseSharedSettings,
  sharedSettingsSchema,
} from './shared-settings.js';
export type { SharedSettings } from './shared-settings.js';
export type { KafkaSasl, KafkaSecurity, KafkaTls, SaslMechanism } from './kafka-security.js';
export type { RegistryBasicAuth, SchemaRegistrySettings } from './registry-security.js';
export type { ReadSettingFile } from './setting-file.js';
export { ConfigError } from './config-error.js';
export { CONFIG_FILE_ENV, loadConfigFile, withConfigFile } from './config-file.js';
