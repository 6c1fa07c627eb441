import { GlusterEventingError } from '../errors/index.js';

/**
 * A parsed D-Bus single complete type. Only the shape the value codec needs: the basic type code, or
 * the container with its element types.
 */
export type DbusType = { readonly signature: string } & (
  | { readonly kind: 'basic'; readonly code: BasicTypeCode }
  | { readonly kind: 'array'; readonly element: DbusType }
  | { readonly kind: 'dict'; readonly key: DbusType; readonly value: DbusType }
  | { readonly kind: 'struct'; readonly fields: readonly DbusType[] }
  | { readonly kind: 'variant' }
);

export type BasicTypeCode = 'y' | 'b' | 'n' | 'q' | 'i' | 'u' | 'x' | 't' | 'd' | 'h' | 's' | 'o' | 'g';

const BASIC_CODES = new Set<string>(['y', 'b', 'n', 'q', 'i', 'u', 'x', 't', 'd', 'h', 's', 'o', 'g']);
const MAX_SIGNATURE_LENGTH = 255;
const parsedCache = new Map<string, DbusType>();

/** Parses one single complete type such as `a{sv}` or `a(tto)`; throws on anything else. */
export function parseSignature(signature: string): DbusType {
  const cached = parsedCache.get(signature);
  if (cached !== undefined) return cached;
  if (signature.length === 0 || signature.length > MAX_SIGNATURE_LENGTH) throw invalid(signature, 'length');
  const [type, end] = parseAt(signature, 0);
  if (end !== signature.length) throw invalid(signature, 'more than one complete type');
  if (parsedCache.size < 10_000) parsedCache.set(signature, type);
  return type;
}

function parseAt(signature: string, position: number): [DbusType, number] {
  const code = signature[position];
  if (code === undefined) throw invalid(signature, 'ends early');
  const text = (end: number): string => signature.slice(position, end);
  if (BASIC_CODES.has(code)) return [{ signature: code, kind: 'basic', code: code as BasicTypeCode }, position + 1];
  if (code === 'v') return [{ signature: code, kind: 'variant' }, position + 1];
  if (code === 'a') {
    if (signature[position + 1] === '{') {
      const [key, afterKey] = parseAt(signature, position + 2);
      if (key.kind !== 'basic') throw invalid(signature, 'dict key must be a basic type');
      const [value, afterValue] = parseAt(signature, afterKey);
      if (signature[afterValue] !== '}') throw invalid(signature, 'unclosed dict entry');
      return [{ signature: text(afterValue + 1), kind: 'dict', key, value }, afterValue + 1];
    }
    const [element, after] = parseAt(signature, position + 1);
    return [{ signature: text(after), kind: 'array', element }, after];
  }
  if (code === '(') {
    const fields: DbusType[] = [];
    let cursor = position + 1;
    while (signature[cursor] !== ')') {
      if (cursor >= signature.length) throw invalid(signature, 'unclosed struct');
      const [field, after] = parseAt(signature, cursor);
      fields.push(field);
      cursor = after;
    }
    if (fields.length === 0) throw invalid(signature, 'empty struct');
    return [{ signature: text(cursor + 1), kind: 'struct', fields }, cursor + 1];
  }
  throw invalid(signature, `unknown type code ${JSON.stringify(code)}`);
}

function invalid(signature: string, reason: string): GlusterEventingError {
  return new GlusterEventingError('DBUS_VALUE_UNSUPPORTED', `invalid D-Bus signature ${JSON.stringify(signature)}: ${reason}`);
}
