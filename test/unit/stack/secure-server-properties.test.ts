import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderServerProperties } from '../../../src/stack/kafka-config.js';
import { defaultPorts } from '../../../src/stack/plan.js';

const parse = (text: string): Map<string, string> =>
  new Map(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

const secure = { keystoreFile: '/s/keystore.pem', brokerPassword: 'b-pass', superUsers: ['User:broker', 'User:gluster-eventing-admin'] };

test('a --secure node has no listener that takes a client without authentication, and refuses what no ACL allows', () => {
  for (const nodeId of [1, 2, 3]) {
    const props = parse(renderServerProperties({ nodeId, ports: defaultPorts(3, true), dataDir: '/d', secure }));
    const protocols = new Map((props.get('listener.security.protocol.map') ?? '').split(',').map((pair) => pair.split(':') as [string, string]));
    const listenerNames = (props.get('listeners') ?? '').split(',').map((listener) => listener.slice(0, listener.indexOf(':')));
    for (const name of listenerNames) assert.match(protocols.get(name) ?? 'missing', /^SASL_/, `listener ${name} authenticates`);
    assert.ok(!(props.get('advertised.listeners') ?? '').includes('PLAINTEXT://'), 'nothing plaintext is advertised');
    assert.equal(props.get('authorizer.class.name'), 'org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    assert.equal(props.get('allow.everyone.if.no.acl.found'), 'false');
    assert.equal(props.get('auto.create.topics.enable'), 'false');
    assert.equal(props.get('super.users'), 'User:broker;User:gluster-eventing-admin');
    // Controllers and inter-broker traffic take the broker's own credential only.
    for (const listener of ['internal', 'controller']) assert.match(props.get(`listener.name.${listener}.plain.sasl.jaas.config`) ?? '', /username="broker" password="b-pass" user_broker="b-pass";$/);
    assert.equal(props.get('listener.name.sasl_ssl.sasl.enabled.mechanisms'), 'SCRAM-SHA-512');
  }
});

test('a plain node keeps its PLAINTEXT listener and no authorizer', () => {
  const props = parse(renderServerProperties({ nodeId: 1, ports: defaultPorts(1), dataDir: '/d' }));
  assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:9092');
  assert.equal(props.get('authorizer.class.name'), undefined);
});
