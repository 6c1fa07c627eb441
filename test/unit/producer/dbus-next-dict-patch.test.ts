import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import dbus from 'dbus-next';

// The installed dbus-next, which `postinstall` patched (infra/patches/dbus-next-dict-proto-key.mjs):
// a message is marshalled to D-Bus wire bytes and read back the way dbus-next's connection reads one.
const require = createRequire(import.meta.url);
const { marshallMessage, messageToJsFmt } = require('dbus-next/lib/marshall-compat.js') as {
  marshallMessage: (message: object) => [Buffer, number[]];
  messageToJsFmt: (message: object) => { body: unknown[] };
};
const { unmarshall } = require('dbus-next/lib/message.js') as { unmarshall: (bytes: Buffer) => object };

function throughTheWire(signature: string, body: unknown[]): unknown[] {
  const [bytes] = marshallMessage({ type: dbus.MessageType.SIGNAL, serial: 1, path: '/x', interface: 'org.example.I', member: 'Changed', signature, body });
  return messageToJsFmt(unmarshall(bytes)).body;
}

test('a received a{sv} whose key is __proto__ keeps it as an ordinary entry', () => {
  const properties = Object.fromEntries([
    ['__proto__', new dbus.Variant('s', 'x')],
    ['Name', new dbus.Variant('s', 'v')],
  ]);
  const [received] = throughTheWire('a{sv}', [properties]) as [Record<string, { signature: string; value: unknown }>];
  assert.deepEqual(Object.keys(received), ['__proto__', 'Name']);
  assert.equal(Object.getPrototypeOf(received), Object.prototype);
  assert.equal(received['__proto__']?.value, 'x');
});

test('other dict keys and nested dicts are read as before', () => {
  const [received] = throughTheWire('a{sa{ss}}', [{ outer: { inner: 'value', toString: 'c' } }]) as [Record<string, Record<string, string>>];
  assert.deepEqual(received, { outer: { inner: 'value', toString: 'c' } });
});
