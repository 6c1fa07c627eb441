import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { listenHttp } from '../../http/index.js';
import type { Logger } from '../../logging/index.js';
import { PROCESSOR_ENVIRONMENT } from '../processor-settings.js';
import { createClusterQueries, type QueryDirectory } from './forward-queries.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerMetricsRoute } from './metrics-route.js';
import { registerQueryRoutes } from './query-routes.js';
import type { ReadinessProbe } from './readiness.js';
import type { StoreReader } from './state-view.js';
import { registerWebViewRoutes } from './web-view-routes.js';

export interface ProcessorHttpOptions {
  readonly reader: StoreReader;
  /** The other instances of the application, for queries this one cannot answer alone (absent: local only). */
  readonly directory?: QueryDirectory;
  readonly readiness: ReadinessProbe;
  readonly registry: Registry;
  readonly logger: Logger;
  /** How often a web view stream looks for a change (default 250 ms). */
  readonly checkEveryMs?: number;
}

/** The processor's routes on a Fastify app that does not listen (tests use `app.inject`). */
export function createProcessorHttpApp(options: ProcessorHttpOptions): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  registerHealthRoutes(app, options.readiness);
  registerMetricsRoute(app, options.registry);
  const queries = createClusterQueries({ reader: options.reader, ...(options.directory === undefined ? {} : { directory: options.directory }) });
  registerQueryRoutes(app, queries);
  registerWebViewRoutes(app, { queries, readiness: options.readiness, logger: options.logger, ...(options.checkEveryMs === undefined ? {} : { checkEveryMs: options.checkEveryMs }) });
  app.setErrorHandler((error, request, reply) => {
    options.logger.error({ err: error, url: request.url }, 'HTTP request failed');
    return reply.code(500).send({ error: 'internal error' });
  });
  return app;
}

export interface ProcessorHttpServer {
  /** e.g. `http://127.0.0.1:8088` (the real port when 0 was asked for). */
  readonly url: string;
  /** Where a client in the same host or container reaches it (`url` with a wildcard host made loopback). */
  readonly localUrl: string;
  /** Ends the event streams and open connections, stops listening. */
  close(): Promise<void>;
}

/** Listens on `host:port` (0 = any free port); a port already taken fails with a `PortInUseError` (src/http). */
export async function startProcessorHttp(options: ProcessorHttpOptions & { readonly host: string; readonly port: number }): Promise<ProcessorHttpServer> {
  const app = createProcessorHttpApp(options);
  const { url, localUrl } = await listenHttp(app, {
    host: options.host,
    port: options.port,
    purpose: "the processor's HTTP server",
    setting: `--http-port or ${PROCESSOR_ENVIRONMENT.httpPort}`,
  });
  options.logger.info({ url }, 'processor HTTP listening (/healthz /readyz /metrics /volumes /bricks /drives /nodes /alerts, web view at /)');
  let closing: Promise<void> | undefined;
  return { url, localUrl, close: () => (closing ??= app.close()) };
}
