import type { Command } from 'commander';
import { checkSubjects, createSchemaRegistryClient, DEFAULT_SCHEMAS_DIR, registerSubjects, subjectSchemas } from '../../serde/index.js';
import { cliContext, printResult } from '../context.js';

/** `gluster-eventing schemas register|check`: the `.avsc` files against the registry (TopicNameStrategy subjects). */
export function registerSchemasCommand(program: Command): void {
  const schemas = program.command('schemas').description('register the Avro schemas or check them for compatibility');

  schemas
    .command('register')
    .description('register every schema under its <topic>-key / <topic>-value subject, compatibility BACKWARD')
    .option('--dir <dir>', 'folder with the .avsc files', DEFAULT_SCHEMAS_DIR)
    .option('--json', 'one JSON object per subject')
    .action(async (options: { dir: string; json?: boolean }) => {
      const { settings } = cliContext('schemas');
      const registry = createSchemaRegistryClient(settings.schemaRegistry);
      for (const registered of await registerSubjects(registry, subjectSchemas(settings.topicPrefix), { dir: options.dir })) {
        printResult(options.json === true, registered, `${registered.subject}: id ${registered.id} (${registered.file})`);
      }
    });

  schemas
    .command('check')
    .description('exit 1 if any local schema is incompatible with what is registered')
    .option('--dir <dir>', 'folder with the .avsc files', DEFAULT_SCHEMAS_DIR)
    .option('--json', 'one JSON object per subject')
    .action(async (options: { dir: string; json?: boolean }) => {
      const { settings } = cliContext('schemas');
      const registry = createSchemaRegistryClient(settings.schemaRegistry);
      const verdicts = await checkSubjects(registry, subjectSchemas(settings.topicPrefix), { dir: options.dir });
      for (const verdict of verdicts) {
        const state = verdict.newSubject ? 'new subject' : verdict.compatible ? 'compatible' : `INCOMPATIBLE ${verdict.messages.join('; ')}`;
        printResult(options.json === true, verdict, `${verdict.subject}: ${state} (${verdict.file})`);
      }
      if (verdicts.some((verdict) => !verdict.compatible)) process.exitCode = 1;
    });
}
