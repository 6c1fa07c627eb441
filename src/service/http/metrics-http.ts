import Fastify from 'fastify';
import type { Registry } from 'prom-client';
import { listenHttp } from '../../http/index.js';
import { registerMetricsRoute } from './metrics-route.js';

export interface MetricsHttpOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly registry: Registry;
  /** What serves, and how to change its port, for the one-line error when the port is taken. */
  readonly purpose: string;
  readonly setting: string;
}

export interface MetricsHttpServer {
  /** e.g. `http://0.0.0.0:9464` (the real port when 0 was asked for). */
  readonly url: string;
  readonly localUrl: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` alone, for the commands without the processor's HTTP API (the producer): what
 * Prometheus scrapes and the alert rules of infra/deploy/prometheus read.
 */
export async function startMetricsHttp(options: MetricsHttpOptions): Promise<MetricsHttpServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  registerMetricsRoute(app, options.registry);
  const { url, localUrl } = await listenHttp(app, options);
  let closing: Promise<void> | undefined;
  return { url, localUrl, close: () => (closing ??= app.close()) };
}
