import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';

/** Reads a file named by a setting (a CA, a key, a password file); injected so tests need no disk. */
export type ReadSettingFile = (path: string) => string;

export const readSettingFileFromDisk: ReadSettingFile = (path) => readFileSync(path, 'utf8');

/**
 * The text of the file `setting` names, or one {@link ConfigError} naming the setting and the path.
 * Only the path and the error code appear in the message, never the content: it may be a secret.
 */
export function readSettingFile(setting: string, path: string, read: ReadSettingFile): string {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unreadable';
    throw new ConfigError(setting, `cannot read ${path} (${code})`);
  }
  if (text.trim() === '') throw new ConfigError(setting, `${path} is empty`);
  return text;
}

/** A password file holds the password alone; the trailing newline editors and `echo` add is not part of it. */
export function readPasswordFile(setting: string, path: string, read: ReadSettingFile): string {
  return readSettingFile(setting, path, read).replace(/\r?\n$/, '');
}
