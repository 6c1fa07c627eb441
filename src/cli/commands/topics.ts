import type { Command } from 'commander';
import { applyTopics, createKafkaClient, topicCatalog, topicNames } from '../../kafka/index.js';
import { parseProcessorSettings, processorInternalTopics } from '../../service/index.js';
import { cliContext, printResult } from '../context.js';

/**
 * `gluster-eventing topics apply|list`: the declared topics, applied idempotently; `list --internal`
 * the processor's own topics, from its topology (what an operator grants ACLs or quotas for).
 */
export function registerTopicsCommand(program: Command): void {
  const topics = program.command('topics').description('declare and inspect the Kafka topics (the public contract)');

  topics
    .command('list')
    .description('print the declared topics with their configs (--internal: the processor\'s internal topics)')
    .option('--json', 'one JSON object per line')
    .option('--internal', "the changelog and repartition topics of the processor's topology as configured (GLUSTER_EVENTING_APPLICATION_ID)")
    .action((options: { json?: boolean; internal?: boolean }) => {
      const { settings } = cliContext('topics');
      if (options.internal === true) {
        const { applicationId, pipelines } = parseProcessorSettings({}, process.env);
        for (const topic of processorInternalTopics({ names: topicNames(settings.topicPrefix), pipelines, applicationId })) {
          printResult(options.json === true, topic, `${topic.name.padEnd(64)} ${topic.kind.padEnd(12)}${topic.of}`);
        }
        return;
      }
      for (const spec of topicCatalog(settings.topicPrefix)) {
        const configs = Object.entries(spec.configs).map(([name, value]) => `${name}=${value}`).join(' ');
        printResult(options.json === true, spec, `${spec.name.padEnd(32)} partitions=${spec.partitions} ${configs}  # ${spec.description}`);
      }
    });

  topics
    .command('apply')
    .description('create missing topics and fix configs that differ (never deletes)')
    .option('--json', 'one JSON object per change')
    .action(async (options: { json?: boolean }) => {
      const { settings, logger } = cliContext('topics');
      const admin = createKafkaClient({ ...settings.kafka, logger }).admin();
      await admin.connect();
      try {
        for (const change of await applyTopics(admin, topicCatalog(settings.topicPrefix))) {
          printResult(options.json === true, change, `${change.topic}: ${change.action}`);
        }
      } finally {
        await admin.disconnect();
      }
    });
}
