import { readFileSync } from 'node:fs';
import { parseSharedSettings, type SharedSettings } from '../config/index.js';
import { createLogger, type Logger } from '../logging/index.js';

/** What every command gets from the edge: settings parsed once from the environment, and a logger. */
export interface CliContext {
  readonly settings: SharedSettings;
  readonly logger: Logger;
}

export function cliContext(component: string): CliContext {
  const settings = parseSharedSettings(process.env);
  return { settings, logger: createLogger({ level: settings.logLevel, component }) };
}

/** Prints one result line: JSON for scripts when asked, else the human text. */
export function printResult(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

/** Reads a small text file for settings parsers (machine-id, glusterd.info, --watch), null when absent or unreadable. */
export function readTextFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
