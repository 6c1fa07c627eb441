import dbus from 'dbus-next';
import type { Logger } from '../../logging/index.js';
import { DbusConnectionError } from '../errors/dbus-connection-error.js';

export type BusMessage = dbus.Message;

export interface MethodCall {
  readonly destination: string;
  readonly path: string;
  readonly interface: string;
  readonly member: string;
  readonly signature?: string;
  readonly body?: unknown[];
}

/**
 * The producer's view of one bus connection: raw messages in receive order (signals AND method
 * replies, which is what lets the watcher place a GetManagedObjects reply exactly among the
 * signals), calls that return their serial, and a promise that settles when the connection is gone.
 * Everything dbus-next-specific (including its one private field we need) stays in this file.
 */
export interface BusLink {
  readonly uniqueName: string;
  /** Sends a call; `serial` identifies its reply in the message stream, `reply` settles with it. */
  call(call: MethodCall, timeoutMs: number): { readonly serial: number; readonly reply: Promise<BusMessage> };
  onMessage(listener: (message: BusMessage) => void): void;
  /** Resolves when the connection closes, for whatever reason. */
  readonly closed: Promise<void>;
  close(): void;
}

export const { MessageType } = dbus;

export async function connectBus(options: { address: string; timeoutMs: number; logger: Logger }): Promise<BusLink> {
  const bus = dbus.sessionBus({ busAddress: options.address });
  // dbus-next does not surface the socket's end; its connection keeps the stream here.
  const stream = (bus as unknown as { _connection: { stream: NodeJS.EventEmitter } })._connection.stream;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  bus.on('error', (error: unknown) => options.logger.debug({ err: error }, 'dbus connection error'));

  await new Promise<void>((resolve, reject) => {
    const fail = (cause: unknown): void => {
      clearTimeout(timer);
      bus.disconnect();
      reject(new DbusConnectionError(options.address, cause));
    };
    const timer = setTimeout(() => fail(new Error(`no answer to Hello within ${options.timeoutMs} ms`)), options.timeoutMs);
    bus.once('error', fail);
    void closed.then(() => fail(new Error('connection closed during the handshake')));
    bus.once('connect', () => {
      clearTimeout(timer);
      bus.off('error', fail);
      resolve();
    });
  });

  return {
    uniqueName: (bus as unknown as { name: string }).name,
    closed,
    onMessage: (listener) => bus.on('message', listener),
    close: () => {
      bus.disconnect();
      (stream as NodeJS.EventEmitter & { destroy?: () => void }).destroy?.();
    },
    call(call, timeoutMs) {
      const message = new dbus.Message({ type: MessageType.METHOD_CALL, ...call });
      const serial = bus.newSerial();
      message.serial = serial;
      const reply = new Promise<BusMessage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new DbusConnectionError(options.address, new Error(`${call.interface}.${call.member} on ${call.destination} ${call.path}: no reply within ${timeoutMs} ms`))), timeoutMs);
        bus.call(message).then(
          (answer) => {
            clearTimeout(timer);
            if (answer === null) reject(new Error('no reply expected'));
            else resolve(answer);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
      return { serial, reply };
    },
  };
}
