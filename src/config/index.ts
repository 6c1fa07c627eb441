export {
  DEFAULT_KAFKA_BROKERS,
  DEFAULT_SCHEMA_REGISTRY_URL,
  DEFAULT_TOPIC_PREFIX,
  parseOrThrow,
  parseSharedSettings,
  sharedSettingsSchema,
} from './shared-settings.js';
export type { SharedSettings } from './shared-settings.js';
export { ConfigError } from './config-error.js';
