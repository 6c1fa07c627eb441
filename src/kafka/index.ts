export { createKafkaClient } from './kafka-client.js';
export type { KafkaClientOptions } from './kafka-client.js';
export { replicationFor, replicationWithFactor, topicCatalog, topicNames } from './topic-catalog.js';
export type { Replication, TopicNames, TopicRole, TopicSpec } from './topic-catalog.js';
export { applyTopics } from './apply-topics.js';
export type { TopicChange } from './apply-topics.js';
export { acknowledgedMessages } from './acknowledged-messages.js';
export { aclTableRows, applyAcls, defaultPrincipal, formatAcl, ROLES, roleAcls } from './acls/index.js';
export type { AclBinding, AclChange, Role, RoleAclInputs } from './acls/index.js';
