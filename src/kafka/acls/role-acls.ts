import { restoreGroupPrefix, transactionalIdPrefix, type InternalTopicKind } from '../../streams/index.js';
import type { TopicNames } from '../topic-catalog.js';
import type { AclBinding, AclOperation, AclPatternType, AclResourceType } from './acl-binding.js';

/** The kinds of client that connect to Kafka, each under a principal of its own. */
export type Role = 'producer' | 'webhook' | 'processor' | 'consumer';
export const ROLES: readonly Role[] = ['producer', 'webhook', 'processor', 'consumer'];

/** `User:gluster-eventing-<role>`: the SCRAM user `stack up --secure` creates for the role. */
export function defaultPrincipal(role: Role): string {
  return `User:gluster-eventing-${role}`;
}

/** What the ACLs are derived from: the topic catalog's names and the processor's topology. */
export interface RoleAclInputs {
  readonly names: TopicNames;
  readonly processor: {
    readonly applicationId: string;
    /** Every changelog and repartition topic of the configured topology (`processorInternalTopics`). */
    readonly internalTopics: readonly { readonly name: string; readonly kind: InternalTopicKind }[];
    /** `GLUSTER_EVENTING_LEGACY_VOLUME_TOPIC_PREFIX`, null when off. */
    readonly legacyTopicPrefix: string | null;
  };
  /** The groups a downstream consumer may use; default `<principal's name>-`. */
  readonly consumerGroupPrefix?: string;
}

/**
 * The exact ACLs `role` needs under `principal`, and nothing more:
 *
 * - producer, webhook: WRITE the raw topic (idempotent producers need no cluster ACL since Kafka 3.0).
 * - processor: READ raw; WRITE the state, alert and dead-letter topics; DESCRIBE_CONFIGS on every
 *   contract topic (it checks them at start, creating or altering none: `topics apply` is an
 *   admin's); READ, WRITE and CREATE each internal topic by its literal name, and DELETE the
 *   repartition topics (purging committed records); READ its group and its restore groups' prefix;
 *   WRITE its transactional-id prefix (one id per task); WRITE the legacy per-volume prefix if set.
 * - consumer: READ the state and alert topics, with groups under a prefix of its own.
 *
 * @example roleAcls('producer', 'User:node-7', inputs) // [{ operation: 'WRITE', resourceType: 'TOPIC', resourceName: 'gluster.raw.v1', ... }]
 */
export function roleAcls(role: Role, principal: string, inputs: RoleAclInputs): readonly AclBinding[] {
  const allow = (resourceType: AclResourceType, patternType: AclPatternType, resourceName: string, ...operations: AclOperation[]): AclBinding[] =>
    operations.map((operation) => ({ principal, resourceType, patternType, resourceName, operation }));
  const { names } = inputs;
  const derived = [names.volumes, names.bricks, names.drives, names.nodes, names.alerts];
  switch (role) {
    case 'producer':
    case 'webhook':
      return allow('TOPIC', 'LITERAL', names.raw, 'WRITE');
    case 'consumer': {
      const prefix = inputs.consumerGroupPrefix ?? `${principal.replace(/^[^:]*:/, '')}-`;
      return [...derived.flatMap((topic) => allow('TOPIC', 'LITERAL', topic, 'READ')), ...allow('GROUP', 'PREFIXED', prefix, 'READ')];
    }
    case 'processor': {
      const { applicationId, internalTopics, legacyTopicPrefix } = inputs.processor;
      return [
        ...allow('TOPIC', 'LITERAL', names.raw, 'READ', 'DESCRIBE_CONFIGS'),
        ...[...derived, names.deadLetter].flatMap((topic) => allow('TOPIC', 'LITERAL', topic, 'WRITE', 'DESCRIBE_CONFIGS')),
        ...internalTopics.flatMap((topic) => allow('TOPIC', 'LITERAL', topic.name, 'READ', 'WRITE', 'CREATE', ...(topic.kind === 'repartition' ? (['DELETE'] as const) : []))),
        ...(legacyTopicPrefix === null ? [] : allow('TOPIC', 'PREFIXED', legacyTopicPrefix, 'WRITE')),
        ...allow('GROUP', 'LITERAL', applicationId, 'READ'),
        ...allow('GROUP', 'PREFIXED', restoreGroupPrefix(applicationId), 'READ'),
        ...allow('TRANSACTIONAL_ID', 'PREFIXED', transactionalIdPrefix(applicationId), 'WRITE'),
      ];
    }
  }
}
