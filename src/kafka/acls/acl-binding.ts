/**
 * One Kafka ACL in Kafka's own words (`kafka-acls.sh`, `AclBinding`): an ALLOW for `principal` from
 * any host to do `operation` on the resources `patternType` + `resourceName` name. Only ALLOW is
 * modelled: with `allow.everyone.if.no.acl.found=false` whatever is not allowed is refused.
 */
export type AclResourceType = 'TOPIC' | 'GROUP' | 'TRANSACTIONAL_ID' | 'CLUSTER';
/** LITERAL: exactly this name; PREFIXED: every name starting with it. */
export type AclPatternType = 'LITERAL' | 'PREFIXED';
/**
 * READ, WRITE and DELETE each imply DESCRIBE on the same resource (Kafka's rule), so DESCRIBE is
 * never listed beside them; DELETE on a topic allows both `DeleteRecords` and `DeleteTopics` (Kafka
 * has one operation for both).
 */
export type AclOperation = 'READ' | 'WRITE' | 'CREATE' | 'DELETE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS';

export interface AclBinding {
  /** `User:<name>`: a SCRAM user name, or the principal a TLS certificate maps to. */
  readonly principal: string;
  readonly resourceType: AclResourceType;
  readonly patternType: AclPatternType;
  readonly resourceName: string;
  readonly operation: AclOperation;
}

/** One line, `kafka-acls.sh --list`'s order of words: what `acls` prints and the README table holds. */
export function formatAcl(acl: AclBinding): string {
  return `${acl.principal} ALLOW ${acl.operation} ${acl.resourceType} ${acl.patternType} ${acl.resourceName}`;
}

/** A key equal for equal bindings: for comparing a wanted set with the cluster's. */
export function aclKey(acl: AclBinding): string {
  return [acl.principal, acl.resourceType, acl.patternType, acl.resourceName, acl.operation].join('\u0000');
}
