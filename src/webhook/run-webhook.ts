import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { listenHttp, type ListeningHttp } from '../http/index.js';
import type { Logger } from '../logging/index.js';
import type { ProducerMetrics, RecordSink } from '../producer/index.js';
import { openEventIntake } from './delivery/event-intake.js';
import { registerWebhookRoutes } from './http/webhook-routes.js';
import type { WebhookMetrics } from './metrics.js';
import type { WebhookSettings } from './settings.js';

export interface StartWebhookOptions {
  readonly settings: Pick<WebhookSettings, 'host' | 'port' | 'path' | 'auth' | 'nodeId' | 'spool' | 'flushTimeoutMs' | 'reconnect'>;
  readonly sink: RecordSink;
  readonly metrics: ProducerMetrics;
  readonly webhookMetrics: WebhookMetrics;
  readonly logger: Logger;
  /** Epoch milliseconds; defaults to Date.now. */
  readonly clock?: () => number;
  readonly sessionId?: string;
  /** Called with the event name after each accepted event: pass the gluster-dbus service's `refreshSoon` when both run in one process. */
  readonly onEvent?: (event: string) => void;
}

export interface RunningWebhook {
  readonly sessionId: string;
  /** Where it listens, e.g. http://127.0.0.1:9097/listen (the port is the real one when settings asked for 0). */
  readonly url: string;
  /** Stops accepting POSTs, delivers the spool for up to `flushTimeoutMs`, closes everything; true when the spool was emptied. */
  stop(): Promise<boolean>;
}

/**
 * Starts the glustereventsd webhook: Fastify → auth → event → raw record → the producer's spool
 * → Kafka. A 200 means the record is on disk (see `EventIntake.accept`), so this hop adds no loss
 * to glustereventsd's at-most-once push; what it cannot keep (a full spool) it refuses with 503.
 */
export async function startWebhook(options: StartWebhookOptions): Promise<RunningWebhook> {
  const { settings, logger } = options;
  const sessionId = options.sessionId ?? randomUUID();
  const clock = options.clock ?? Date.now;
  const intake = openEventIntake({ spool: settings.spool, sink: options.sink, metrics: options.metrics, logger, nodeId: settings.nodeId, sessionId, clock, reconnect: settings.reconnect });
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  registerWebhookRoutes(app, { path: settings.path, auth: settings.auth, intake, metrics: options.webhookMetrics, logger, clock, ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }) });
  let listening: ListeningHttp;
  try {
    listening = await listenHttp(app, { host: settings.host, port: settings.port, purpose: 'the webhook', setting: '--port' });
  } catch (error) {
    await intake.stop(0);
    throw error;
  }
  const url = `${listening.url}${settings.path}`;
  logger.info({ url, sessionId, nodeId: settings.nodeId, token: settings.auth.token !== null, jwt: settings.auth.jwtSecret !== null }, 'webhook listening');
  return {
    sessionId,
    url,
    async stop() {
      await app.close();
      const flushed = await intake.stop(settings.flushTimeoutMs);
      logger.info({ flushed }, 'webhook stopped');
      return flushed;
    },
  };
}
