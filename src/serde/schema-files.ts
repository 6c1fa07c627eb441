import { readFileSync } from 'node:fs';
import type avro from 'avsc';
import { topicNames, type TopicNames } from '../kafka/index.js';
import { packagePath } from '../package-root/index.js';

/** The `.avsc` files in `schemas/` are the source of truth; this maps each topic to its key and value files. */
export const DEFAULT_SCHEMAS_DIR = packagePath('schemas');

export interface SubjectSchema {
  /** TopicNameStrategy subject: `<topic>-key` or `<topic>-value`. */
  readonly subject: string;
  readonly topic: string;
  readonly file: string;
}

/**
 * The raw topic has an Avro key (node, bus name, object path); the derived topics are keyed by plain
 * UTF-8 strings (entity ids), which any Kafka tool can read and compaction needs nothing more for.
 */
const TOPIC_SCHEMA_FILES: readonly { readonly topic: keyof TopicNames; readonly key?: string; readonly value: string }[] = [
  { topic: 'raw', key: 'raw-property-change-key.avsc', value: 'raw-property-change-value.avsc' },
  { topic: 'volumes', value: 'volume-state-value.avsc' },
  { topic: 'bricks', value: 'brick-state-value.avsc' },
  { topic: 'drives', value: 'drive-state-value.avsc' },
  { topic: 'nodes', value: 'node-state-value.avsc' },
  { topic: 'alerts', value: 'alert-value.avsc' },
];

export function subjectSchemas(prefix: string): SubjectSchema[] {
  const names = topicNames(prefix);
  return TOPIC_SCHEMA_FILES.flatMap(({ topic, key, value }) => [
    ...(key === undefined ? [] : [{ subject: `${names[topic]}-key`, topic: names[topic], file: key }]),
    { subject: `${names[topic]}-value`, topic: names[topic], file: value },
  ]);
}

/** The value schema file of a derived topic, for its serde. */
export function valueSchemaFileOf(topic: keyof TopicNames): string {
  const entry = TOPIC_SCHEMA_FILES.find((candidate) => candidate.topic === topic);
  if (entry === undefined) throw new Error(`no schema declared for topic ${topic}`);
  return entry.value;
}

export function readSchemaFile(file: string, dir: string = DEFAULT_SCHEMAS_DIR): avro.Schema {
  return JSON.parse(readFileSync(new URL(file, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8')) as avro.Schema;
}
