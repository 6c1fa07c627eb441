import { GlusterXmlError } from '../errors/gluster-xml-error.js';
import type { XmlElement } from './parse-xml.js';

/** Child elements named `name`, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first child named `name`, or undefined. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** The first child named `name`; missing → {@link GlusterXmlError} naming `<parent>/<name>`. */
export function requireChild(element: XmlElement, name: string): XmlElement {
  return childNamed(element, name) ?? missing(element, name);
}

/** Trimmed text of the required child `name`. */
export function childText(element: XmlElement, name: string): string {
  return requireChild(element, name).text.trim();
}

/** The required child `name` as an integer; `fallback` for text such as `N/A`, else a {@link GlusterXmlError}. */
export function childInteger(element: XmlElement, name: string, fallback?: number): number {
  const text = childText(element, name);
  if (/^-?\d+$/.test(text)) return Number(text);
  if (fallback !== undefined) return fallback;
  throw new GlusterXmlError(`${element.name}/${name}`, `expected an integer, got ${JSON.stringify(text)}`);
}

function missing(element: XmlElement, name: string): never {
  throw new GlusterXmlError(`${element.name}/${name}`, 'required element is missing');
}
