import type { Command } from 'commander';
import { applyTopics, createKafkaClient, topicCatalog } from '../../kafka/index.js';
import { cliContext, printResult } from '../context.js';

/** `gluster-eventing topics apply|list`: the declared topics, applied idempotently. */
export function registerTopicsCommand(program: Command): void {
  const topics = program.command('topics').description('declare and inspect the Kafka topics (the public contract)');

  topics
    .command('list')
    .description('print the declared topics with their configs')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) => {
      const { settings } = cliContext('topics');
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
