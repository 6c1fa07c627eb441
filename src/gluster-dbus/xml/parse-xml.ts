import { GlusterXmlError } from '../errors/gluster-xml-error.js';

/** One element: its attributes, child elements in order, and its direct text (entities decoded, not trimmed). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

interface OpenElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));/g;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * A deliberately small, non-validating XML parser for the fixed format of `gluster --xml`
 * (cli/src/cli-xml-output.c, written with libxml2's xmlTextWriter): elements, attributes, text,
 * the five predefined entities and character references, comments, processing instructions and
 * CDATA. Anything else, in particular `<!DOCTYPE` (and so any entity definition), is rejected
 * rather than guessed at, so hostile or truncated input fails with {@link GlusterXmlError}
 * instead of being half-read. Iterative, so deep nesting cannot overflow the stack.
 *
 * @example parseXml('<a x="1">t<b/></a>') // { name: 'a', attributes: { x: '1' }, text: 't', children: [{ name: 'b', ... }] }
 */
export function parseXml(source: string): XmlElement {
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  const fail = (detail: string): never => {
    throw new GlusterXmlError(`offset ${at}`, detail);
  };

  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > at) {
      const text = source.slice(at, textEnd);
      const current = stack.at(-1);
      if (current !== undefined) current.text += decodeEntities(text, at);
      else if (text.trim() !== '') fail('text outside the root element');
      at = textEnd;
      continue;
    }
    if (source.startsWith('<?', at)) at = skipPast(source, at, '?>', fail);
    else if (source.startsWith('<!--', at)) at = skipPast(source, at, '-->', fail);
    else if (source.startsWith('<![CDATA[', at)) {
      const end = skipPast(source, at, ']]>', fail);
      const current = stack.at(-1) ?? fail('CDATA outside the root element');
      current.text += source.slice(at + 9, end - 3);
      at = end;
    } else if (source.startsWith('<!', at)) fail('DOCTYPE and declarations are not supported');
    else if (source.startsWith('</', at)) {
      at += 2;
      const name = readName(source, at) ?? fail('bad closing tag');
      at += name.length;
      const gt = /\s*>/y;
      gt.lastIndex = at;
      if (!gt.test(source)) fail(`closing tag </${name} not terminated`);
      at = gt.lastIndex;
      const open = stack.pop() ?? fail(`closing tag </${name}> without an open element`);
      if (open.name !== name) fail(`closing tag </${name}> does not match <${open.name}>`);
      const element: XmlElement = open;
      const parent = stack.at(-1);
      if (parent !== undefined) parent.children.push(element);
      else root = element;
    } else {
      if (root !== undefined) fail('a second root element');
      at += 1;
      const name = readName(source, at) ?? fail('bad tag name');
      at += name.length;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(source);
        if (match === null) break;
        const attribute = match[1] ?? '';
        if (attribute in attributes) fail(`duplicate attribute ${attribute}`);
        attributes[attribute] = decodeEntities(match[2] ?? match[3] ?? '', at);
        at = ATTRIBUTE.lastIndex;
      }
      const close = /\s*(\/?)>/y;
      close.lastIndex = at;
      const end = close.exec(source) ?? fail(`tag <${name} not terminated`);
      at = close.lastIndex;
      const element: OpenElement = { name, attributes, children: [], text: '' };
      if (end[1] === '/') {
        const parent = stack.at(-1);
        if (parent !== undefined) parent.children.push(element);
        else root = element;
      } else stack.push(element);
    }
  }
  if (stack.length > 0) fail(`document ends inside <${stack.at(-1)?.name}>`);
  return root ?? fail('no root element');
}

function readName(source: string, at: number): string | undefined {
  NAME.lastIndex = at;
  return NAME.exec(source)?.[0];
}

function skipPast(source: string, at: number, terminator: string, fail: (detail: string) => never): number {
  const end = source.indexOf(terminator, at);
  return end < 0 ? fail(`unterminated ${source.slice(at, at + 4)}`) : end + terminator.length;
}

function decodeEntities(text: string, offset: number): string {
  if (text.includes('<')) throw new GlusterXmlError(`offset ${offset}`, 'unescaped <');
  // An '&' that is not part of a known reference is a well-formedness error in any parser.
  if (/&(?!(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9A-Fa-f]{1,6});)/.test(text)) {
    throw new GlusterXmlError(`offset ${offset}`, 'unknown entity or bare &');
  }
  return text.replace(ENTITY, (_whole, named: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (named !== undefined) return NAMED[named] ?? '';
    const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
    if (code > 0x10ffff || code === 0) throw new GlusterXmlError(`offset ${offset}`, `bad character reference ${code}`);
    return String.fromCodePoint(code);
  });
}
