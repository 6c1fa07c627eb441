import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';

test('internal JSON keeps bigints and byte buffers as they were', async () => {
  const serde = taggedJsonSerde<unknown>();
  const value = { x: 2n ** 63n - 1n, mount: [Buffer.from('/bricks/b1\0')], nested: { t: 0n, plain: 5, text: 's' } };
  assert.deepStrictEqual(await serde.deserialize(await serde.serialize(value, 't'), 't'), value);
});
