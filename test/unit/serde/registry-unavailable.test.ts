import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { GlusterEventingError } from '../../../src/errors/index.js';
import { createSchemaRegistryClient, RegistryUnavailableError } from '../../../src/serde/index.js';

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closed(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

test('a registry that does not answer or answers 5xx is reported through onUnavailable; a 404 is not', async () => {
  const seen: GlusterEventingError[] = [];
  const onUnavailable = (error: GlusterEventingError): void => void seen.push(error);

  // Nothing listens on a port just released.
  const gone = createServer();
  const goneUrl = await listening(gone);
  await closed(gone);
  await assert.rejects(createSchemaRegistryClient({ url: goneUrl, onUnavailable }).checkCompatibility('s-value', 'string'), RegistryUnavailableError);
  assert.equal(seen.length, 1);
  assert.ok(seen[0] instanceof RegistryUnavailableError);
  // Through the registry library too (which reports a refused connection as HTTP 400): retriable, counted.
  await assert.rejects(createSchemaRegistryClient({ url: goneUrl, onUnavailable }).writerType(1), (error: GlusterEventingError) => error instanceof RegistryUnavailableError && error.retriable);
  seen.splice(0);

  let status = 503;
  const failing = createServer((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end('{"error_code":50301,"message":"down"}'));
  const url = await listening(failing);
  try {
    await assert.rejects(createSchemaRegistryClient({ url, onUnavailable }).checkCompatibility('s-value', 'string'), (error: GlusterEventingError) => error.code === 'SCHEMA_REGISTRY_UNAVAILABLE' && error.retriable);
    assert.equal(seen.length, 1);
    status = 404;
    await assert.rejects(createSchemaRegistryClient({ url, onUnavailable }).writerType(3), (error: GlusterEventingError) => error.code === 'DECODE_UNKNOWN_SCHEMA_ID');
    assert.equal(seen.length, 1, 'an unknown id is the registry answering');
  } finally {
    await closed(failing);
  }
});
