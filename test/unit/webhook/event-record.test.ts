import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRecordCodec } from '../../../src/producer/index.js';
import { eventDraft, eventSubjectPath, jsonToDbus, parseWebhookBody, WebhookRequestError, type GlusterEvent } from '../../../src/webhook/index.js';
import { CAPTURED_BODIES } from './captured-bodies.js';

const events = CAPTURED_BODIES.map((body) => {
  const parsed = parseWebhookBody(body);
  assert.equal(parsed.kind, 'event');
  return parsed.event;
});
const byName = (name: string): GlusterEvent => events.find((event) => event.event === name) as GlusterEvent;

/** The reason of the 400, or null when the body parses. */
function bodyRefusal(body: string): string | null {
  try {
    parseWebhookBody(body);
    return null;
  } catch (error) {
    assert.ok(error instanceof WebhookRequestError);
    assert.equal(error.code, 'WEBHOOK_BODY_INVALID');
    return error.reason;
  }
}

describe('webhook body validation', () => {
  test('an empty or blank body is glustereventsd webhook-test', () => {
    assert.deepEqual(parseWebhookBody(''), { kind: 'test' });
    assert.deepEqual(parseWebhookBody('  \n'), { kind: 'test' });
  });
  test('every captured body parses as an event', () => {
    assert.equal(events.length, CAPTURED_BODIES.length);
    assert.deepEqual(byName('VOLUME_START'), { event: 'VOLUME_START', message: { force: false, name: 'testvol' }, nodeid: '96180a4c-b69d-4da0-a674-4b04a80a2124', ts: 1795503416 });
  });
  test('malformed JSON, missing fields and wrong types are refused with the field named', () => {
    assert.match(bodyRefusal('{"event": ') ?? '', /^body is not JSON/);
    assert.equal(bodyRefusal('[]'), 'body: Invalid input: expected object, received array');
    assert.match(bodyRefusal('{"message": {}, "nodeid": "u", "ts": 1}') ?? '', /^event: /);
    assert.match(bodyRefusal('{"event": "VOLUME_START", "nodeid": "u", "ts": 1}') ?? '', /^message: /);
    assert.match(bodyRefusal('{"event": "VOLUME_START", "message": {}, "ts": 1}') ?? '', /^nodeid: /);
    assert.match(bodyRefusal('{"event": "VOLUME_START", "message": {}, "nodeid": "u", "ts": "1"}') ?? '', /^ts: /);
    assert.match(bodyRefusal('{"event": "VOLUME_START", "message": {}, "nodeid": "u", "ts": 1.5}') ?? '', /^ts: /);
    assert.match(bodyRefusal('{"event": "volume start", "message": {}, "nodeid": "u", "ts": 1}') ?? '', /^event: an upper-case event name/);
    assert.match(bodyRefusal('{"event": "VOLUME_START", "message": "name=v", "nodeid": "u", "ts": 1}') ?? '', /^message: /);
  });
});

describe('event -> raw record mapping', () => {
  test('VOLUME_START: envelope, typed message fields, glusterUuid = the emitting peer', () => {
    const draft = eventDraft(byName('VOLUME_START'));
    assert.deepEqual(draft, {
      busName: 'glustereventsd',
      objectPath: '/gluster/events/VOLUME_START',
      interface: 'org.gluster.Events',
      kind: 'EVENT',
      glusterUuid: '96180a4c-b69d-4da0-a674-4b04a80a2124',
      properties: {
        event: { signature: 's', value: 'VOLUME_START' },
        nodeid: { signature: 's', value: '96180a4c-b69d-4da0-a674-4b04a80a2124' },
        ts: { signature: 'x', value: 1795503416n },
        force: { signature: 'b', value: false },
        name: { signature: 's', value: 'testvol' },
      },
      invalidated: [],
    });
  });
  test('VOLUME_SET options (list of pairs) become an array of string arrays', () => {
    assert.deepEqual(eventDraft(byName('VOLUME_SET')).properties['options'], { signature: 'aas', value: [['performance.cache-size', '32MB']] });
  });
  test('strings keep their bytes (the leading space of VOLUME_CREATE bricks)', () => {
    assert.deepEqual(eventDraft(byName('VOLUME_CREATE')).properties['bricks'], { signature: 's', value: ' vm:$DIR/bricks/b2' });
  });
  test('JSON types map to D-Bus types; null is listed as invalidated; envelope names do not collide', () => {
    assert.deepEqual(jsonToDbus(3), { signature: 'x', value: 3n });
    assert.deepEqual(jsonToDbus(-2.5), { signature: 'd', value: -2.5 });
    assert.deepEqual(jsonToDbus([]), { signature: 'as', value: [] });
    assert.deepEqual(jsonToDbus([1, 'a']), { signature: 'av', value: [{ signature: 'x', value: 1n }, { signature: 's', value: 'a' }] });
    assert.deepEqual(jsonToDbus({ a: true }), { signature: 'a{sv}', value: { a: { signature: 'b', value: true } } });
    assert.equal(jsonToDbus(null), null);
    assert.equal(jsonToDbus(2 ** 60), null, 'beyond 2^53 JSON.parse already lost the value');
    const draft = eventDraft({ event: 'X', nodeid: 'u', ts: 1, message: { gone: null, event: 'inner' } });
    assert.deepEqual(draft.invalidated, ['gone']);
    assert.deepEqual(draft.properties['message.event'], { signature: 's', value: 'inner' });
    assert.deepEqual(draft.properties['event'], { signature: 's', value: 'X' });
  });
  test('a message field or nested key named __proto__ is kept as an ordinary entry, not lost', () => {
    const parsed = parseWebhookBody('{"event": "X", "nodeid": "u", "ts": 1, "message": {"__proto__": {"__proto__": 1, "b": 2}}}');
    if (parsed.kind !== 'event') return assert.fail('an event body parsed as webhook-test');
    const properties = eventDraft(parsed.event).properties;
    assert.deepEqual(Object.keys(properties), ['event', 'nodeid', 'ts', '__proto__']);
    const nested = properties['__proto__']?.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(nested), ['__proto__', 'b']);
    assert.equal(Object.getPrototypeOf(nested), Object.prototype);
  });
  test('the key path is the entity: volume events (incl. its bricks) share one, clients by brick, peers by uuid', () => {
    assert.deepEqual(
      events.map((event) => eventSubjectPath(event)),
      [
        '/gluster/events/volume/testvol',
        '/gluster/events/volume/testvol',
        '/gluster/events/volume/testvol',
        '/gluster/events/volume/testvol',
        '/gluster/events/volume/testvol',
        '/gluster/events/volume/testvol',
        '/gluster/events/volume/testvol',
        '/gluster/events/brick/_24DIR_2fbricks_2fb1',
        '/gluster/events/volume/testvol',
      ],
    );
    assert.equal(eventSubjectPath({ event: 'PEER_DISCONNECT', message: { peer: 'vm2', uuid: 'abc-1', state: 'x' } }), '/gluster/events/peer/abc_2d1');
    assert.equal(eventSubjectPath({ event: 'AFR_SPLIT_BRAIN', message: { subvol: 'v-replicate-0' } }), '/gluster/events/subvol/v_2dreplicate_2d0');
    assert.equal(eventSubjectPath({ event: 'SVC_CONNECTED', message: { svc_name: 'shd' } }), '/gluster/events/event/SVC_CONNECTED');
  });
  test('every captured event encodes in the raw contract and decodes back unchanged', () => {
    const codec = createRecordCodec();
    for (const event of events) {
      const record = { ...eventDraft(event), nodeId: 'node-1', sessionId: 's', sequence: 0, observedAt: 1 };
      assert.deepEqual(codec.decode(codec.encode(record)).value, record);
    }
  });
});
