import assert from 'node:assert/strict';
import avro from 'avsc';
import { avroTypeFor } from '../../../src/serde/index.js';

/**
 * Checks that an Avro schema and the TypeScript types of its records agree, as findings ("Alert
 * fields: only in the schema: [x]; ...") rather than assertions, so a test can show they fail.
 */

/** The keys of `T` whose type admits null. */
export type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];

/** One Avro record (by its short name) and a value of its TypeScript type. */
export interface RecordContract {
  readonly record: string;
  /** Every field set: no null, no empty array or map, so each field's value meets its Avro type. */
  readonly sample: Readonly<Record<string, unknown>>;
  /** Every field the TypeScript type allows to be null, as null. */
  readonly nulls: Readonly<Record<string, null>>;
}

export function recordContract<T>(record: string, sample: Required<T>, nulls: { readonly [K in NullableKeys<T>]: null }): RecordContract {
  return { record, sample: sample as Readonly<Record<string, unknown>>, nulls };
}

/** A TypeScript string union's members; the compiler rejects a missing or an unknown one. */
export function symbols<T extends string>(members: { readonly [K in T]: true }): readonly string[] {
  return Object.keys(members);
}

export interface SchemaContract {
  readonly file: string;
  /** The top-level record first, then each nested one. */
  readonly records: readonly RecordContract[];
  /** Each enum of the schema by its short name: the members of its TypeScript union. */
  readonly enums: Readonly<Record<string, readonly string[]>>;
}

/** The named types of a parsed schema (records and enums, nested ones included) by short name. */
export function namedTypes(type: avro.Type, found = new Map<string, avro.Type>()): Map<string, avro.Type> {
  if (type.name !== undefined) {
    const short = type.name.slice(type.name.lastIndexOf('.') + 1);
    if (found.has(short)) return found;
    found.set(short, type);
  }
  if (type instanceof avro.types.RecordType) for (const field of type.fields) namedTypes(field.type, found);
  else if (type instanceof avro.types.ArrayType) namedTypes(type.itemsType, found);
  else if (type instanceof avro.types.MapType) namedTypes(type.valuesType as avro.Type, found);
  else if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) for (const branch of type.types) namedTypes(branch, found);
  return found;
}

/** "`what`: only in the schema: …; only in the TypeScript type: …", or nothing when the two sets agree. */
function difference(what: string, inSchema: readonly string[], inType: readonly string[]): string[] {
  const onlySchema = inSchema.filter((name) => !inType.includes(name));
  const onlyType = inType.filter((name) => !inSchema.includes(name));
  if (onlySchema.length === 0 && onlyType.length === 0) return [];
  return [`${what}: only in the schema: [${onlySchema.join(', ')}]; only in the TypeScript type: [${onlyType.join(', ')}]`];
}

export function recordOf(types: Map<string, avro.Type>, name: string): avro.types.RecordType {
  const type = types.get(name);
  assert.ok(type instanceof avro.types.RecordType, `the schema declares no record ${name}`);
  return type;
}

function recordsOf(types: Map<string, avro.Type>): string[] {
  return [...types].filter(([, type]) => type instanceof avro.types.RecordType).map(([name]) => name);
}

/** Records, field names and nullable fields that differ between the schema and the TypeScript types. */
export function fieldFindings(schema: avro.Schema, contract: SchemaContract): string[] {
  const types = namedTypes(avroTypeFor(schema));
  const findings = difference('records', recordsOf(types), contract.records.map(({ record }) => record));
  for (const { record, sample, nulls } of contract.records) {
    if (!types.has(record)) continue;
    const fields = recordOf(types, record).fields;
    findings.push(...difference(`${record} fields`, fields.map((field) => field.name), Object.keys(sample)));
    findings.push(...difference(`${record} nullable fields`, fields.filter((field) => field.type.isValid(null)).map((field) => field.name), Object.keys(nulls)));
  }
  return findings;
}

/** Enums and enum symbols that differ between the schema and the TypeScript unions. */
export function enumFindings(schema: avro.Schema, contract: SchemaContract): string[] {
  const types = namedTypes(avroTypeFor(schema));
  const enums = [...types].flatMap(([name, type]) => (type instanceof avro.types.EnumType ? [[name, type.symbols] as const] : []));
  const findings = difference('enums', enums.map(([name]) => name), Object.keys(contract.enums));
  for (const [name, schemaSymbols] of enums) {
    const typeSymbols = contract.enums[name];
    if (typeSymbols !== undefined) findings.push(...difference(`${name} symbols`, schemaSymbols, typeSymbols));
  }
  return findings;
}

/** Where `value` does not meet `type` (undeclared fields count): "path: value". */
export function invalidPaths(type: avro.Type, value: unknown): string[] {
  const paths: string[] = [];
  type.isValid(value, { noUndeclaredFields: true, errorHook: (path, found) => paths.push(`${path.join('.') || '(record)'}: ${JSON.stringify(found)}`) });
  return paths;
}

/** What a decoded record holds, as plain objects (avsc decodes records into instances of a generated class). */
export function roundTrip(type: avro.Type, value: unknown): unknown {
  return structuredClone(type.fromBuffer(type.toBuffer(value)));
}
