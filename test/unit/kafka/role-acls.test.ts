import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { defaultPrincipal, formatAcl, roleAcls, topicNames, type AclBinding } from '../../../src/kafka/index.js';
import { processorInternalTopics, roleAclInputs } from '../../../src/service/index.js';

const processor = { applicationId: 'gep', pipelines: DEFAULT_PIPELINE_SETTINGS };
const inputs = roleAclInputs({ topicPrefix: 'gluster', processor });
const names = topicNames('gluster');
const allows = (acls: readonly AclBinding[], operation: string, type: string, name: string): boolean =>
  acls.some((acl) => acl.operation === operation && acl.resourceType === type && acl.resourceName === name);

test('producers and webhooks may write the raw topic and nothing else', () => {
  for (const role of ['producer', 'webhook'] as const) {
    assert.deepEqual(roleAcls(role, 'User:node-7', inputs).map(formatAcl), ['User:node-7 ALLOW WRITE TOPIC LITERAL gluster.raw.v1']);
  }
});

test('the processor may read, write and create every internal topic of its topology, and delete only the repartition ones', () => {
  const acls = roleAcls('processor', defaultPrincipal('processor'), inputs);
  const internal = processorInternalTopics({ names, pipelines: DEFAULT_PIPELINE_SETTINGS, applicationId: 'gep' });
  assert.ok(internal.length > 10);
  for (const topic of internal) {
    for (const operation of ['READ', 'WRITE', 'CREATE']) assert.ok(allows(acls, operation, 'TOPIC', topic.name), `${operation} ${topic.name}`);
    assert.equal(allows(acls, 'DELETE', 'TOPIC', topic.name), topic.kind === 'repartition', `DELETE ${topic.name}`);
  }
  assert.ok(allows(acls, 'READ', 'TOPIC', names.raw));
  assert.ok(!allows(acls, 'WRITE', 'TOPIC', names.raw), 'the processor does not write raw records');
  for (const topic of [names.volumes, names.alerts, names.deadLetter]) assert.ok(allows(acls, 'WRITE', 'TOPIC', topic));
  assert.ok(!acls.some((acl) => acl.resourceType === 'TOPIC' && acl.patternType === 'PREFIXED'), 'no topic prefix without the legacy output');
  assert.ok(!acls.some((acl) => ['CREATE', 'DELETE'].includes(acl.operation) && acl.resourceName.startsWith('gluster.')), 'no contract topic is created or deleted');
  assert.deepEqual(
    acls.filter((acl) => acl.resourceType !== 'TOPIC').map(formatAcl),
    [
      'User:gluster-eventing-processor ALLOW READ GROUP LITERAL gep',
      'User:gluster-eventing-processor ALLOW READ GROUP PREFIXED gep-restore-',
      'User:gluster-eventing-processor ALLOW WRITE TRANSACTIONAL_ID PREFIXED gep-',
    ],
  );
});

test("the legacy per-volume output adds a write on its prefix and its store's changelog", () => {
  const legacy = roleAclInputs({ topicPrefix: 'gluster', processor: { ...processor, pipelines: { ...DEFAULT_PIPELINE_SETTINGS, legacyVolumeTopicPrefix: 'gluster.volume.' } } });
  const acls = roleAcls('processor', 'User:p', legacy);
  assert.ok(acls.some((acl) => acl.operation === 'WRITE' && acl.patternType === 'PREFIXED' && acl.resourceName === 'gluster.volume.'));
  assert.ok(allows(acls, 'CREATE', 'TOPIC', 'gep-legacy-volume-status-changelog'));
});

test('a consumer reads the derived topics only, with groups under its own prefix', () => {
  const acls = roleAcls('consumer', 'User:alerting', inputs);
  assert.ok(acls.every((acl) => acl.operation === 'READ'));
  assert.ok(!allows(acls, 'READ', 'TOPIC', names.raw) && !allows(acls, 'READ', 'TOPIC', names.deadLetter));
  assert.deepEqual(acls.filter((acl) => acl.resourceType === 'GROUP').map(formatAcl), ['User:alerting ALLOW READ GROUP PREFIXED alerting-']);
  const own = roleAcls('consumer', 'User:alerting', { ...inputs, consumerGroupPrefix: 'dash-' });
  assert.ok(allows(own, 'READ', 'GROUP', 'dash-'));
});
