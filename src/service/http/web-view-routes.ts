import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../logging/index.js';
import type { ClusterQueries } from './forward-queries.js';
import { toJson } from './json.js';
import type { ReadinessProbe } from './readiness.js';
import { WEB_PAGE } from './web-page.js';

export interface WebViewOptions {
  /** The snapshot is the whole group's (forwarded when this instance holds only some partitions). */
  readonly queries: ClusterQueries;
  readonly readiness: ReadinessProbe;
  readonly logger: Logger;
  /** How often each stream looks for a change (a snapshot is sent at least every second regardless). */
  readonly checkEveryMs?: number;
}

const KEEPALIVE_MS = 1_000;

/**
 * `GET /`: the live web view (one self-contained page). `GET /events`: server-sent events, one
 * `snapshot` event (a `clusterSnapshot` of the group plus readiness) at once, then whenever it changes,
 * and at least every second. Streams are ended when the server closes.
 */
export function registerWebViewRoutes(app: FastifyInstance, options: WebViewOptions): void {
  const open = new Map<ServerResponse, NodeJS.Timeout>();
  const checkEveryMs = options.checkEveryMs ?? 250;
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(WEB_PAGE));

  app.get('/events', (request, reply): void => {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let last = '';
    let sentAt = 0;
    let busy = false;
    // A snapshot asking other instances may outlast the check interval: one at a time per stream.
    const push = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      let body: string;
      try {
        body = toJson({ readiness: options.readiness(), ...(await options.queries.snapshot('all')) });
      } catch (error) {
        options.logger.warn({ err: error }, 'web view snapshot failed');
        return;
      } finally {
        busy = false;
      }
      if (stream.writableEnded || stream.destroyed) return;
      const now = Date.now();
      if (body === last && now - sentAt < KEEPALIVE_MS) return;
      last = body;
      sentAt = now;
      stream.write(`event: snapshot\ndata: ${body}\n\n`);
    };
    open.set(stream, setInterval(() => void push(), checkEveryMs));
    const forget = (): void => {
      clearInterval(open.get(stream));
      open.delete(stream);
    };
    request.raw.once('close', forget);
    stream.once('close', forget);
    void push();
  });

  app.addHook('preClose', async () => {
    for (const [stream, timer] of open) {
      clearInterval(timer);
      stream.end();
    }
    open.clear();
  });
}
