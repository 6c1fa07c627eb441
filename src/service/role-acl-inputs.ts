import { topicNames, type RoleAclInputs } from '../kafka/index.js';
import type { ProcessorSettings } from './processor-settings.js';
import { processorInternalTopics } from './topology-shape.js';

/**
 * What `acls` derives the roles' ACLs from, as the processor would run with these settings: the
 * catalog's names under `topicPrefix`, and the internal topics of the topology the processor builds
 * (the legacy per-volume output included when its prefix is set).
 */
export function roleAclInputs(options: {
  readonly topicPrefix: string;
  readonly processor: Pick<ProcessorSettings, 'applicationId' | 'pipelines'>;
  readonly consumerGroupPrefix?: string | undefined;
}): RoleAclInputs {
  const names = topicNames(options.topicPrefix);
  const { applicationId, pipelines } = options.processor;
  return {
    names,
    processor: { applicationId, internalTopics: processorInternalTopics({ names, pipelines, applicationId }), legacyTopicPrefix: pipelines.legacyVolumeTopicPrefix },
    ...(options.consumerGroupPrefix === undefined ? {} : { consumerGroupPrefix: options.consumerGroupPrefix }),
  };
}
