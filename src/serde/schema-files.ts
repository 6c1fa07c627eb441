import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type avro from 'avsc';
import { topicNames } from '../kafka/index.js';

/** The `.avsc` files in `schemas/` are the source of truth; this maps each topic to its key and value files. */
export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface SubjectSchema {
  /** TopicNameStrategy subject: `<topic>-key` or `<topic>-value`. */
  readonly subject: string;
  readonly topic: string;
  readonly file: string;
}

const TOPIC_SCHEMA_FILES: readonly { readonly topic: keyof ReturnType<typeof topicNames>; readonly key: string; readonly value: string }[] = [
  { topic: 'raw', key: 'raw-property-change-key.avsc', value: 'raw-property-change-value.avsc' },
];

export function subjectSchemas(prefix: string): SubjectSchema[] {
  const names = topicNames(prefix);
  return TOPIC_SCHEMA_FILES.flatMap(({ topic, key, value }) => [
    { subject: `${names[topic]}-key`, topic: names[topic], file: key },
    { subject: `${names[topic]}-value`, topic: names[topic], file: value },
  ]);
}

export function readSchemaFile(file: string, dir: string = DEFAULT_SCHEMAS_DIR): avro.Schema {
  return JSON.parse(readFileSync(new URL(file, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8')) as avro.Schema;
}
