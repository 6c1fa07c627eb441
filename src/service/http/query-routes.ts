import type { FastifyInstance, FastifyReply } from 'fastify';
import { toJson } from './json.js';
import { listBricks, listDrives, listNodes, listOpenAlerts, listVolumes, type LocalAnswer, type StoreReader } from './state-view.js';

const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply => reply.code(status).type('application/json; charset=utf-8').send(toJson(body));
const list = <T>(reply: FastifyReply, answer: LocalAnswer<T>): FastifyReply => send(reply, 200, answer);

/**
 * Interactive queries over this instance's stores (JSON, bigint-safe):
 *
 * - `GET /volumes`, `/bricks`, `/drives`, `/nodes` → `{ items, tasks, partial }`;
 * - `GET /volumes/:name` → `{ item, tasks, partial }`, or 404 (with `partial: true` when another
 *   instance may own the key: this one answers only for its own partitions, no forwarding);
 * - `GET /alerts?state=raised` (the default) → open alerts, most severe first; `state=resolved` is
 *   400: resolved alerts are not kept in state, their history is the alerts topic.
 */
export function registerQueryRoutes(app: FastifyInstance, reader: StoreReader): void {
  app.get('/volumes', async (_request, reply) => list(reply, listVolumes(reader)));
  app.get<{ Params: { name: string } }>('/volumes/:name', async (request, reply) => {
    const { items, tasks, partial } = listVolumes(reader);
    const item = items.find((volume) => volume.name === request.params.name);
    if (item !== undefined) return send(reply, 200, { item, tasks, partial });
    const error = partial ? `volume ${request.params.name} is not in this instance's partitions (another instance may own it)` : `no volume ${request.params.name}`;
    return send(reply, 404, { error, tasks, partial });
  });
  app.get('/bricks', async (_request, reply) => list(reply, listBricks(reader)));
  app.get('/drives', async (_request, reply) => list(reply, listDrives(reader)));
  app.get('/nodes', async (_request, reply) => list(reply, listNodes(reader)));
  app.get<{ Querystring: { state?: string } }>('/alerts', async (request, reply) => {
    const state = (request.query.state ?? 'raised').toLowerCase();
    if (state !== 'raised') return send(reply, 400, { error: `state=${state} is not served: only raised (open) alerts are kept in state; read the alerts topic for history` });
    return list(reply, listOpenAlerts(reader));
  });
}
