import { GlusterEventingError } from '../errors/index.js';

/** A setting failed validation; the message is one line naming the setting and what it expects. */
export class ConfigError extends GlusterEventingError {
  override readonly name = 'ConfigError';
  readonly setting: string;

  constructor(setting: string, expectation: string) {
    super('CONFIG_INVALID', `invalid setting ${setting}: ${expectation}`);
    this.setting = setting;
  }
}
