export { startProcessor } from './start-processor.js';
export type { RunningProcessor } from './start-processor.js';
export { parseProcessorSettings, PROCESSOR_ENVIRONMENT } from './processor-settings.js';
export type { ProcessorOptionInput, ProcessorSettings } from './processor-settings.js';
export { createGlusterSerdes } from './gluster-serdes.js';
export { glusterTopologyShape, processorInternalTopics } from './topology-shape.js';
export { roleAclInputs } from './role-acl-inputs.js';
export { startMetricsHttp } from './http/index.js';
export { createProducerRegistry } from './metrics/index.js';
