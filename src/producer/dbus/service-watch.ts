import type { Logger } from '../../logging/index.js';
import type { Backoff } from '../backoff.js';
import type { BadInputKind, ProducerMetrics } from '../metrics/index.js';
import { setOwnEntry } from '../../serde/index.js';
import type { RecordDraft } from '../records/record-builder.js';
import { typedProperties } from '../records/typed-properties.js';
import { inNamespace, interfaceMatcher, type WatchedService } from '../watch-targets.js';
import { MessageType, type BusLink, type BusMessage } from './bus-link.js';
import { vanished, type KnownObjects } from './known-objects.js';

export interface ServiceWatchOptions {
  readonly link: BusLink;
  readonly service: WatchedService;
  /** This service's objects seen in the session; survives reconnects (owned by the caller). */
  readonly known: KnownObjects;
  readonly emit: (draft: RecordDraft) => void;
  readonly metrics: ProducerMetrics;
  readonly logger: Logger;
  /** Bound on GetManagedObjects and Properties.Get; a slow service counts as failed and is retried. */
  readonly callTimeoutMs: number;
  readonly retry: Backoff;
}

export interface ServiceWatch {
  /** Every message of the connection, in receive order. */
  handle(message: BusMessage): void;
  /** Reads every object again (start, new owner, after a spool overflow). */
  snapshot(): void;
  stop(): void;
}

const PROPERTIES = 'org.freedesktop.DBus.Properties';
const OBJECT_MANAGER = 'org.freedesktop.DBus.ObjectManager';

/**
 * Turns one service's ObjectManager and PropertiesChanged traffic into record drafts.
 *
 * Ordering: signals are subscribed before GetManagedObjects is sent, and the reply is taken from the
 * same ordered message stream as the signals. D-Bus delivers one sender's messages in the order it
 * sent them, so a signal received BEFORE the reply was emitted before the service built the reply and
 * is already reflected in it: such signals are dropped; everything received after the reply is
 * recorded after the SNAPSHOT records. Messages are processed strictly one after the other; a
 * PropertiesChanged with invalidated names holds the queue while their values are fetched, so
 * per-object order is kept.
 */
export function createServiceWatch(options: ServiceWatchOptions): ServiceWatch {
  const { link, service, known, emit, metrics, logger } = options;
  const log = logger.child({ busName: service.busName });
  const matches = interfaceMatcher(service.interfaces);
  const warned = new Set<string>();
  let owner: string | null = null;
  let snapshotSerial: number | null = null;
  let live = false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const queue: BusMessage[] = [];
  let busy = false;

  const bad = (kind: BadInputKind, context: Record<string, unknown>, message: string): void => {
    metrics.badInput(kind);
    const once = `${kind}|${JSON.stringify(context, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`;
    if (warned.has(once)) log.debug({ kind, ...context }, message);
    else {
      warned.add(once);
      log.warn({ kind, ...context }, message);
    }
  };

  const recorded = (interfaceName: string): boolean => {
    if (matches(interfaceName)) return true;
    bad('unknown-interface', { interface: interfaceName }, 'bad input: interface not watched; skipped');
    return false;
  };

  const typed = (objectPath: string, interfaceName: string, variants: unknown): RecordDraft['properties'] => {
    const { properties, mismatches } = typedProperties(interfaceName, variants);
    for (const mismatch of mismatches) {
      bad('unexpected-type', { interface: interfaceName, ...mismatch }, 'bad input: property has an unexpected D-Bus type; recorded as received');
      log.debug({ objectPath, ...mismatch }, 'unexpected type at');
    }
    return properties;
  };

  const checkPath = (objectPath: string): void => {
    if (!inNamespace(objectPath, service.objectManagerPath)) {
      bad('odd-object-path', { objectPath, namespace: service.objectManagerPath }, 'bad input: object outside the object manager namespace; recorded anyway');
    }
  };

  const scheduleRetry = (): void => {
    if (stopped) return;
    clearTimeout(retryTimer);
    const delay = options.retry.next();
    retryTimer = setTimeout(snapshot, delay);
    log.info({ delayMs: delay }, 'snapshot retry scheduled');
  };

  const snapshotFailed = (reason: string): void => {
    snapshotSerial = null;
    bad('snapshot-failed', { reason }, 'GetManagedObjects failed; retrying with backoff');
    scheduleRetry();
  };

  function snapshot(): void {
    if (stopped) return;
    clearTimeout(retryTimer);
    live = false;
    const { serial, reply } = link.call(
      { destination: service.busName, path: service.objectManagerPath, interface: OBJECT_MANAGER, member: 'GetManagedObjects' },
      options.callTimeoutMs,
    );
    snapshotSerial = serial;
    // Success is taken from the ordered stream; only a timeout or a lost connection is seen here.
    reply.catch((error: unknown) => {
      if (snapshotSerial === serial) snapshotFailed(error instanceof Error ? error.message : String(error));
    });
  }

  const applySnapshot = (reply: BusMessage): void => {
    snapshotSerial = null;
    if (reply.type === MessageType.ERROR) return snapshotFailed(`${reply.errorName}: ${String(reply.body[0])}`);
    if (reply.signature !== 'a{oa{sa{sv}}}') return snapshotFailed(`reply signature ${reply.signature}, expected a{oa{sa{sv}}}`);
    owner = reply.sender;
    const objects = reply.body[0] as Record<string, Record<string, unknown>>;
    const seen: KnownObjects = new Map();
    let records = 0;
    for (const [objectPath, interfaces] of Object.entries(objects)) {
      checkPath(objectPath);
      for (const [interfaceName, variants] of Object.entries(interfaces)) {
        if (!recorded(interfaceName)) continue;
        emit({ busName: service.busName, objectPath, interface: interfaceName, kind: 'SNAPSHOT', properties: typed(objectPath, interfaceName, variants), invalidated: [] });
        records += 1;
        const set = seen.get(objectPath) ?? new Set<string>();
        set.add(interfaceName);
        seen.set(objectPath, set);
      }
    }
    const gone = vanished(known, seen);
    for (const { objectPath, interface: interfaceName } of gone) {
      emit({ busName: service.busName, objectPath, interface: interfaceName, kind: 'REMOVED', properties: {}, invalidated: [] });
    }
    known.clear();
    for (const [objectPath, set] of seen) known.set(objectPath, set);
    live = true;
    options.retry.reset();
    log.info({ owner, objects: seen.size, records, removed: gone.length }, 'snapshot taken');
  };

  const ownerChanged = (newOwner: string): void => {
    if (newOwner === '') {
      owner = null;
      live = false;
      snapshotSerial = null;
      log.warn('service left the bus; waiting for it to come back');
      return;
    }
    log.info({ owner: newOwner }, 'service has a new owner; re-snapshotting');
    metrics.reconnect('dbus');
    options.retry.reset();
    snapshot();
  };

  const fetchInvalidated = async (objectPath: string, interfaceName: string, names: readonly string[]): Promise<RecordDraft['properties']> => {
    const fetched: Record<string, unknown> = {};
    await Promise.all(
      names.map(async (name) => {
        try {
          const reply = await link.call(
            { destination: owner ?? service.busName, path: objectPath, interface: PROPERTIES, member: 'Get', signature: 'ss', body: [interfaceName, name] },
            options.callTimeoutMs,
          ).reply;
          setOwnEntry(fetched, name, reply.body[0]);
        } catch (error) {
          bad('get-failed', { interface: interfaceName, property: name, reason: error instanceof Error ? error.message : String(error) }, 'invalidated property could not be read; kept as invalidated only');
        }
      }),
    );
    // Keep the signal's order of names, not the order the replies came back in.
    const ordered = Object.fromEntries(names.filter((name) => name in fetched).map((name) => [name, fetched[name]]));
    return typed(objectPath, interfaceName, ordered);
  };

  const propertiesChanged = (message: BusMessage): Promise<void> | undefined => {
    if (message.signature !== 'sa{sv}as') {
      bad('malformed-signal', { member: 'PropertiesChanged', signature: message.signature, objectPath: message.path }, 'bad input: signal with a non-standard signature; skipped');
      return undefined;
    }
    const [interfaceName, changed, invalidated] = message.body as [string, Record<string, unknown>, string[]];
    if (!recorded(interfaceName)) return undefined;
    const properties = typed(message.path, interfaceName, changed);
    const draft = { busName: service.busName, objectPath: message.path, interface: interfaceName, kind: 'CHANGED', properties, invalidated } as const;
    if (invalidated.length === 0) {
      emit(draft);
      return undefined;
    }
    return fetchInvalidated(message.path, interfaceName, invalidated).then((values) => emit({ ...draft, properties: { ...properties, ...values } }));
  };

  const objectManagerSignal = (message: BusMessage): void => {
    const added = message.member === 'InterfacesAdded';
    if (message.signature !== (added ? 'oa{sa{sv}}' : 'oas')) {
      bad('malformed-signal', { member: message.member, signature: message.signature }, 'bad input: signal with a non-standard signature; skipped');
      return;
    }
    const objectPath = message.body[0] as string;
    checkPath(objectPath);
    const interfaces = added ? Object.entries(message.body[1] as Record<string, unknown>) : (message.body[1] as string[]).map((name) => [name, {}] as const);
    for (const [interfaceName, variants] of interfaces) {
      if (!recorded(interfaceName)) continue;
      const set = known.get(objectPath) ?? new Set<string>();
      if (added) set.add(interfaceName);
      else set.delete(interfaceName);
      if (set.size > 0) known.set(objectPath, set);
      else known.delete(objectPath);
      const properties = added ? typed(objectPath, interfaceName, variants) : {};
      emit({ busName: service.busName, objectPath, interface: interfaceName, kind: added ? 'ADDED' : 'REMOVED', properties, invalidated: [] });
    }
  };

  const process = (message: BusMessage): Promise<void> | undefined => {
    if (message.type === MessageType.SIGNAL) {
      if (message.interface === 'org.freedesktop.DBus' && message.member === 'NameOwnerChanged' && message.sender === 'org.freedesktop.DBus') {
        if (message.body[0] === service.busName) ownerChanged(String(message.body[2]));
        return undefined;
      }
      // Signals before the snapshot reply are already in it (see above); other senders are other services.
      if (!live || message.sender !== owner) return undefined;
      if (message.interface === PROPERTIES && message.member === 'PropertiesChanged') return propertiesChanged(message);
      if (message.interface === OBJECT_MANAGER && message.path === service.objectManagerPath && (message.member === 'InterfacesAdded' || message.member === 'InterfacesRemoved')) {
        objectManagerSignal(message);
      }
      return undefined;
    }
    if ((message.type === MessageType.METHOD_RETURN || message.type === MessageType.ERROR) && snapshotSerial !== null && Number(message.replySerial) === snapshotSerial) {
      applySnapshot(message);
    }
    return undefined;
  };

  const drain = (): void => {
    while (!busy && queue.length > 0 && !stopped) {
      const next = queue.shift() as BusMessage;
      let pending: Promise<void> | undefined;
      try {
        pending = process(next);
      } catch (error) {
        // A bug or a value shape we never imagined must not stop the watch: count, log, go on.
        bad('malformed-signal', { member: next.member, reason: error instanceof Error ? error.message : String(error) }, 'message could not be processed; skipped');
      }
      if (pending !== undefined) {
        busy = true;
        void pending
          .catch((error: unknown) => bad('malformed-signal', { member: next.member, reason: error instanceof Error ? error.message : String(error) }, 'message could not be processed; skipped'))
          .finally(() => {
            busy = false;
            drain();
          });
      }
    }
  };

  return {
    handle(message) {
      queue.push(message);
      drain();
    },
    snapshot,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
    },
  };
}
