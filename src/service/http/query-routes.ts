import type { FastifyInstance, FastifyReply } from 'fastify';
import { queryScope, type ClusterQueries } from './forward-queries.js';
import { toJson } from './json.js';
import type { ListName } from './state-view.js';

const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply => reply.code(status).type('application/json; charset=utf-8').send(toJson(body));

/**
 * Interactive queries (JSON, bigint-safe), answered by the whole group unless `?scope=local`
 * (see `createClusterQueries` for forwarding, `partial` and `unavailable`):
 *
 * - `GET /volumes`, `/bricks`, `/drives`, `/nodes` → `{ items, tasks, partial, unavailable? }`;
 * - `GET /volumes/:name` → `{ item, tasks, partial }` (plus `answeredBy` when another instance owns
 *   it), or 404 when no instance that answered has it;
 * - `GET /alerts?state=raised` (the default) → open alerts, most severe first; `state=resolved` is
 *   400: resolved alerts are not kept in state, their history is the alerts topic.
 */
export function registerQueryRoutes(app: FastifyInstance, queries: ClusterQueries): void {
  const list = (name: ListName) => async (request: { query: unknown }, reply: FastifyReply) => send(reply, 200, await queries.list(name, queryScope(request.query)));
  app.get('/volumes', list('volumes'));
  app.get<{ Params: { name: string } }>('/volumes/:name', async (request, reply) => {
    const { status, body } = await queries.volume(request.params.name, queryScope(request.query));
    return send(reply, status, body);
  });
  app.get('/bricks', list('bricks'));
  app.get('/drives', list('drives'));
  app.get('/nodes', list('nodes'));
  app.get<{ Querystring: { state?: string } }>('/alerts', async (request, reply) => {
    const state = (request.query.state ?? 'raised').toLowerCase();
    if (state !== 'raised') return send(reply, 400, { error: `state=${state} is not served: only raised (open) alerts are kept in state; read the alerts topic for history` });
    return send(reply, 200, await queries.list('alerts', queryScope(request.query)));
  });
}
