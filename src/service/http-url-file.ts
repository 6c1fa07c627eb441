import { rm, writeFile } from 'node:fs/promises';
import type { Logger } from '../logging/index.js';

/**
 * Writes `url` (and a newline) to `file` for a local health probe to read, and returns how to remove
 * it again. A file that cannot be written costs only that probe: it is logged, never fatal.
 *
 * @example const unpublish = await publishHttpUrl('/tmp/gluster-eventing-processor.url', 'http://127.0.0.1:8088', logger);
 */
export async function publishHttpUrl(file: string | undefined, url: string, logger: Logger): Promise<() => Promise<void>> {
  if (file === undefined) return async () => undefined;
  try {
    await writeFile(file, `${url}\n`);
  } catch (error) {
    logger.warn({ err: error, file }, 'cannot write the HTTP URL file (GLUSTER_EVENTING_HTTP_URL_FILE): a health check reading it fails');
    return async () => undefined;
  }
  return () => rm(file, { force: true }).catch((error: unknown) => logger.debug({ err: error, file }, 'cannot remove the HTTP URL file'));
}
