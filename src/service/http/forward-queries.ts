import type { StreamsHost } from '../../streams/index.js';
import { joinSnapshot, type ClusterSnapshot } from './cluster-snapshot.js';
import { QUERY_LISTS, type ListItem, type ListName, type ListQuery, type LocalAnswer, type StoreReader } from './state-view.js';

/** Where the other instances of the application answer (the streams instance's routing table). */
export interface QueryDirectory {
  /** This instance's advertised URL (skipped when asking the others); undefined before it is known. */
  self(): string | undefined;
  hosts(): Promise<readonly StreamsHost[]>;
}

/** `local`: this instance's stores only (what forwarding asks peers for, so there are no loops). */
export type QueryScope = 'local' | 'all';

/** A list answered by the group: `unavailable` names the instances that did not answer. */
export type GroupAnswer<T> = LocalAnswer<T> & { readonly unavailable?: readonly string[] };

export interface VolumeAnswer {
  readonly status: 200 | 404;
  readonly body: Record<string, unknown>;
}

export interface ClusterQueries {
  list<K extends ListName>(name: K, scope: QueryScope): Promise<GroupAnswer<ListItem<K>>>;
  volume(name: string, scope: QueryScope): Promise<VolumeAnswer>;
  snapshot(scope: QueryScope): Promise<ClusterSnapshot>;
}

export interface ClusterQueriesOptions {
  readonly reader: StoreReader;
  /** Absent: a single instance, every answer is local. */
  readonly directory?: QueryDirectory;
  /** How long a peer gets to answer (default 2 s); a slow peer is reported `unavailable`. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

type Peer = { readonly url: string; readonly body: unknown; readonly status: number } | { readonly url: string; readonly failed: true };

/**
 * Interactive queries across instances (Kafka Streams' interactive queries with an RPC layer): the
 * local answer when it is complete or `scope` is `local`; otherwise every other instance that the
 * group's last rebalance gave tasks is asked for its `?scope=local` answer, in parallel, and the
 * items are merged (deduplicated by key, local first, in the list's order) with the union of the
 * answering tasks. `partial` stays true only while some task of the stores read answered nowhere:
 * an instance that failed, timed out or advertised no URL is named in `unavailable`. A query never
 * fails because a peer did (during a rebalance the dead member is still listed until it is evicted).
 *
 * @example
 * const queries = createClusterQueries({ reader: streams, directory: { self: () => url, hosts: () => streams.hosts() } });
 * const { items, partial, unavailable } = await queries.list('volumes', 'all');
 */
export function createClusterQueries(options: ClusterQueriesOptions): ClusterQueries {
  const { reader, directory } = options;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const fetchPeer = options.fetch ?? globalThis.fetch;

  /** The answers of the other instances to `path`, and the instances that cannot be asked. */
  const askPeers = async (path: string): Promise<{ answers: Peer[]; unreachable: string[] }> => {
    if (directory === undefined) return { answers: [], unreachable: [] };
    let hosts: readonly StreamsHost[];
    try {
      hosts = await directory.hosts();
    } catch {
      return { answers: [], unreachable: ['(group description failed)'] };
    }
    const self = directory.self();
    const others = hosts.filter((host) => host.tasks.length > 0 && host.url !== self);
    const unreachable = others.filter((host) => host.url === null).map((host) => `member ${host.memberId} (no advertised URL)`);
    const urls = [...new Set(others.flatMap((host) => (host.url === null ? [] : [host.url])))];
    const answers = await Promise.all(
      urls.map(async (url): Promise<Peer> => {
        try {
          const response = await fetchPeer(`${url}${path}`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
          return { url, status: response.status, body: await response.json() };
        } catch {
          return { url, failed: true };
        }
      }),
    );
    return { answers, unreachable };
  };

  /** Tasks a complete answer over `stores` has: the partitions of each (each store is in its own sub-topology). */
  const expectedTasks = (stores: readonly string[]): number => stores.reduce((sum, store) => sum + reader.queryStore(store).partitions, 0);
  const complete = (stores: readonly string[], tasks: readonly string[], unavailable: readonly string[]): boolean => {
    const expected = expectedTasks(stores);
    return unavailable.length === 0 && expected > 0 && tasks.length >= expected;
  };

  const list = async <K extends ListName>(name: K, scope: QueryScope): Promise<GroupAnswer<ListItem<K>>> => {
    const query = QUERY_LISTS[name] as unknown as ListQuery<ListItem<K>>;
    const local = query.read(reader);
    if (scope === 'local' || !local.partial || directory === undefined) return local;
    const { answers, unreachable } = await askPeers(`/${name}?scope=local`);
    const byKey = new Map(local.items.map((item) => [query.key(item), item]));
    const tasks = new Set(local.tasks);
    const unavailable = [...unreachable];
    for (const answer of answers) {
      const body = 'failed' in answer || answer.status !== 200 ? undefined : (answer.body as Partial<LocalAnswer<ListItem<K>>> | undefined);
      if (!Array.isArray(body?.items) || !Array.isArray(body.tasks)) {
        unavailable.push(answer.url);
        continue;
      }
      for (const item of body.items) if (!byKey.has(query.key(item))) byKey.set(query.key(item), item);
      for (const task of body.tasks) tasks.add(String(task));
    }
    const merged = { items: [...byKey.values()].sort(query.compare), tasks: [...tasks].sort(), partial: !complete(query.stores, [...tasks], unavailable) };
    return unavailable.length === 0 ? merged : { ...merged, unavailable: unavailable.sort() };
  };

  return {
    list,

    async volume(name, scope) {
      const { items, tasks, partial } = QUERY_LISTS.volumes.read(reader);
      const item = items.find((volume) => volume.name === name);
      if (item !== undefined) return { status: 200, body: { item, tasks, partial } };
      if (scope === 'local' || !partial || directory === undefined) {
        const error = partial ? `volume ${name} is not in this instance's partitions (another instance may own it)` : `no volume ${name}`;
        return { status: 404, body: { error, tasks, partial } };
      }
      const { answers, unreachable } = await askPeers(`/volumes/${encodeURIComponent(name)}?scope=local`);
      const owner = answers.find((answer) => !('failed' in answer) && answer.status === 200);
      if (owner !== undefined && !('failed' in owner)) return { status: 200, body: { ...(owner.body as Record<string, unknown>), partial: false, answeredBy: owner.url } };
      const all = new Set(tasks);
      const unavailable = [...unreachable];
      for (const answer of answers) {
        const peerTasks = 'failed' in answer ? undefined : (answer.body as { tasks?: unknown } | undefined)?.tasks;
        if ('failed' in answer || answer.status !== 404 || !Array.isArray(peerTasks)) unavailable.push(answer.url);
        else for (const task of peerTasks) all.add(String(task));
      }
      const incomplete = !complete(QUERY_LISTS.volumes.stores, [...all], unavailable);
      const error = incomplete ? `volume ${name} not found in the instances that answered (some partitions did not answer)` : `no volume ${name}`;
      return { status: 404, body: { error, tasks: [...all].sort(), partial: incomplete, ...(unavailable.length === 0 ? {} : { unavailable: unavailable.sort() }) } };
    },

    async snapshot(scope) {
      const [volumes, bricks, drives, nodes, alerts] = await Promise.all([list('volumes', scope), list('bricks', scope), list('drives', scope), list('nodes', scope), list('alerts', scope)]);
      return joinSnapshot({ volumes, bricks, drives, nodes, alerts });
    },
  };
}

/** `?scope=local` → local; anything else (absent) → the whole group. */
export function queryScope(query: unknown): QueryScope {
  return (query as { scope?: unknown } | undefined)?.scope === 'local' ? 'local' : 'all';
}
