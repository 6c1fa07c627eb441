import type { FastifyInstance } from 'fastify';
import type { ReadinessProbe } from './readiness.js';

/**
 * `GET /healthz`: 200 while the process serves HTTP (liveness: restart it when this fails).
 * `GET /readyz`: 200 once the streams instance started and every assigned task is restored; 503
 * with `{ ready: false, reason }` before that and while stopping (route traffic elsewhere).
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: ReadinessProbe): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const state = readiness();
    return reply.code(state.ready ? 200 : 503).send(state);
  });
}
