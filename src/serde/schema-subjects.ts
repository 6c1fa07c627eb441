import type { Compatibility, CompatibilityVerdict, SchemaRegistryClient } from './schema-registry-client.js';
import { DEFAULT_SCHEMAS_DIR, readSchemaFile, type SubjectSchema } from './schema-files.js';

export interface RegisteredSubject {
  readonly subject: string;
  readonly file: string;
  readonly id: number;
}

/**
 * Registers every subject's schema from `schemas/` with compatibility BACKWARD (new readers can read
 * old data). Registering an unchanged schema returns its existing id, so this is idempotent.
 */
export async function registerSubjects(
  registry: SchemaRegistryClient,
  subjects: readonly SubjectSchema[],
  options: { readonly dir?: string; readonly compatibility?: Compatibility } = {},
): Promise<RegisteredSubject[]> {
  const registered: RegisteredSubject[] = [];
  for (const { subject, file } of subjects) {
    const id = await registry.register(subject, readSchemaFile(file, options.dir ?? DEFAULT_SCHEMAS_DIR), options.compatibility ?? 'BACKWARD');
    registered.push({ subject, file, id });
  }
  return registered;
}

/** Asks the registry whether each local schema could be registered; nothing is written. */
export async function checkSubjects(
  registry: SchemaRegistryClient,
  subjects: readonly SubjectSchema[],
  options: { readonly dir?: string } = {},
): Promise<(CompatibilityVerdict & { readonly file: string })[]> {
  const verdicts: (CompatibilityVerdict & { readonly file: string })[] = [];
  for (const { subject, file } of subjects) {
    const verdict = await registry.checkCompatibility(subject, readSchemaFile(file, options.dir ?? DEFAULT_SCHEMAS_DIR));
    verdicts.push({ ...verdict, file });
  }
  return verdicts;
}
