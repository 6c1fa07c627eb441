import { createPrng, type Prng } from '../../src/loadgen/index.js';
import { frame, MAGIC_BYTE } from '../../src/serde/index.js';

/** A raw-topic message the processor cannot decode, with what is wrong with it. */
export interface MalformedMessage {
  readonly kind: MalformedKind;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export type MalformedKind = 'fuzzed-avro' | 'wrong-magic-byte' | 'unknown-schema-id' | 'other-schema' | 'short-header' | 'random-bytes' | 'null-value' | 'bad-key';
export const MALFORMED_KINDS: readonly MalformedKind[] = ['fuzzed-avro', 'wrong-magic-byte', 'unknown-schema-id', 'other-schema', 'short-header', 'random-bytes', 'null-value', 'bad-key'];

export interface MalformedOptions {
  readonly count: number;
  readonly seed: number;
  /** Framed messages a producer wrote (valid key and value), to start mutations from. */
  readonly valid: readonly { readonly key: Buffer; readonly value: Buffer }[];
  /** Valid Avro bodies of schemas that are not the raw value schema, with their registry ids (wrong field types). */
  readonly otherSchemas: readonly { readonly id: number; readonly body: Buffer }[];
  /** A schema id the registry does not know. */
  readonly unknownIdBase: number;
  /** True when the processor's deserializers accept these bytes (key and value): such a mutation is not malformed. */
  readonly decodes: (key: Buffer, value: Buffer) => Promise<boolean>;
}

/**
 * `count` malformed raw messages, the kinds in turn, deterministic for a seed: Avro bodies with
 * bytes flipped, cut or appended (kept only when the real deserializer rejects them), a wrong magic
 * byte, schema ids the registry does not know, valid Avro of another registered schema (the field
 * types do not match), headers shorter than 5 bytes, random bytes, a null value, and keys that are not
 * the raw key schema.
 */
export async function malformedRawMessages(options: MalformedOptions): Promise<MalformedMessage[]> {
  const random = createPrng(options.seed);
  const messages: MalformedMessage[] = [];
  const sample = (): { key: Buffer; value: Buffer } => random.pick(options.valid);
  for (let index = 0; messages.length < options.count; index += 1) {
    const kind = MALFORMED_KINDS[index % MALFORMED_KINDS.length] ?? 'random-bytes';
    const candidate = build(kind, sample(), options, random);
    // Only bytes the processor's own deserializers reject count (a byte flip inside a string still decodes).
    if (kind === 'unknown-schema-id' || candidate.key === null || candidate.value === null || !(await options.decodes(candidate.key, candidate.value))) messages.push(candidate);
  }
  return messages;
}

function build(kind: MalformedKind, { key, value }: { key: Buffer; value: Buffer }, options: MalformedOptions, random: Prng): MalformedMessage {
  switch (kind) {
    case 'fuzzed-avro':
      return { kind, key, value: mutate(value, random) };
    case 'wrong-magic-byte': {
      const copy = Buffer.from(value);
      copy[0] = 1 + random.int(255);
      return { kind, key, value: copy };
    }
    case 'unknown-schema-id':
      return { kind, key, value: frame(options.unknownIdBase + random.int(50), value.subarray(5)) };
    case 'other-schema': {
      const other = random.pick(options.otherSchemas);
      return { kind, key, value: frame(other.id, other.body) };
    }
    case 'short-header':
      return { kind, key, value: Buffer.from([MAGIC_BYTE, 0, 0, 0].slice(0, random.int(5))) };
    case 'random-bytes':
      // A non-zero first byte: random schema ids could name a real schema of another test.
      return { kind, key: randomBytes(random, random.int(64)), value: Buffer.concat([Buffer.from([1 + random.int(255)]), randomBytes(random, random.int(2_000))]) };
    case 'null-value':
      return { kind, key, value: null };
    case 'bad-key':
      // The value is fine; the key is cut short or garbage.
      return { kind, key: random.next() < 0.5 ? key.subarray(0, random.int(key.length)) : Buffer.concat([Buffer.from([1 + random.int(255)]), randomBytes(random, random.int(40))]), value };
  }
}

function mutate(value: Buffer, random: Prng): Buffer {
  const body = value.subarray(5);
  const roll = random.int(3);
  if (roll === 0) return Buffer.concat([value.subarray(0, 5), body.subarray(0, random.int(Math.max(1, body.length)))]);
  if (roll === 1) return Buffer.concat([value, randomBytes(random, 1 + random.int(16))]);
  const copy = Buffer.from(value);
  for (let flips = 1 + random.int(8); flips > 0; flips -= 1) copy[5 + random.int(Math.max(1, body.length))] = random.int(256);
  return copy;
}

function randomBytes(random: Prng, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => random.int(256)));
}
