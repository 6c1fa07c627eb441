import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { PACKAGE_ROOT, packagePath } from '../../../src/package-root/index.js';

/**
 * The deployment files of infra/deploy, read and parsed once for the static checks of this folder
 * (no Docker engine or Kubernetes cluster runs where the tests run). Plain data, no assertions.
 */
export const DEPLOY_DIR = packagePath('infra', 'deploy');

/** The image every gluster-eventing container runs; Kafka, the registry, ... run others. */
export const IMAGE_NAMES = ['gluster-eventing', 'gluster-eventing-simulator'] as const;

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export function deployPath(...segments: string[]): string {
  return join(DEPLOY_DIR, ...segments);
}

export function readDeployFile(...segments: string[]): string {
  return readFileSync(deployPath(...segments), 'utf8');
}

/** Every file under infra/deploy, as paths relative to the package root. */
export function deployFiles(dir: string = DEPLOY_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? deployFiles(join(dir, entry.name)) : [relative(PACKAGE_ROOT, join(dir, entry.name))],
  );
}

/** Every YAML document of a file; throws with the parser's message (line and column) on a syntax error. */
export function yamlDocuments(path: string): JsonObject[] {
  return parseAllDocuments(readFileSync(join(PACKAGE_ROOT, path), 'utf8'), { merge: true, prettyErrors: true }).map((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors.map((error) => error.message).join('; ')}`);
    return document.toJS() as JsonObject;
  });
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: Json | undefined, what: string): JsonObject {
  if (!isObject(value)) throw new TypeError(`${what} is not a mapping`);
  return value;
}

export function asArray(value: Json | undefined): readonly Json[] {
  return Array.isArray(value) ? (value as readonly Json[]) : [];
}

export function isOurImage(image: Json | undefined): boolean {
  return typeof image === 'string' && IMAGE_NAMES.some((name) => image === name || image.startsWith(`${name}:`));
}

/**
 * docker-compose.yml with YAML merge keys (`<<: *anchor`) resolved, and `${NAME:-default}` variables
 * replaced by their defaults, as Compose resolves them with none of the variables set.
 */
export function composeFile(): JsonObject {
  const text = readDeployFile('docker-compose.yml').replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
  return asObject(parse(text, { merge: true }) as Json, 'docker-compose.yml');
}

export function composeServices(): [string, JsonObject][] {
  return Object.entries(asObject(composeFile()['services'], 'services')).map(([name, service]) => [name, asObject(service, name)]);
}

/** The Kubernetes objects, in kustomization.yaml's order, each with the file it came from. */
export function k8sObjects(): { readonly file: string; readonly object: JsonObject }[] {
  const kustomization = yamlDocuments('infra/deploy/k8s/kustomization.yaml')[0];
  return asArray(kustomization?.['resources']).flatMap((resource) => {
    const file = `infra/deploy/k8s/${String(resource)}`;
    return yamlDocuments(file).map((object) => ({ file, object }));
  });
}

export function k8sObject(kind: string, name: string): JsonObject {
  const found = k8sObjects().find(({ object }) => object['kind'] === kind && asObject(object['metadata'], 'metadata')['name'] === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in infra/deploy/k8s`);
  return found.object;
}

/** The pod spec of a Deployment or DaemonSet. */
export function podSpec(workload: JsonObject): JsonObject {
  return asObject(asObject(asObject(workload['spec'], 'spec')['template'], 'template')['spec'], 'pod spec');
}

export function containers(pod: JsonObject, which: 'containers' | 'initContainers' = 'containers'): JsonObject[] {
  return asArray(pod[which]).map((container) => asObject(container, 'container'));
}

/** `KEY=value` lines of an env file (systemd EnvironmentFile syntax, comments and blanks skipped). */
export function envFileNames(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.slice(0, line.indexOf('=')));
}

/** `[KEY, value]` pairs of an env file (systemd EnvironmentFile syntax, comments and blanks skipped). */
export function envFileEntries(text: string): [string, string][] {
  return envFileNames(text).map((name) => [name, text.split('\n').find((line) => line.trim().startsWith(`${name}=`))?.trim().slice(name.length + 1) ?? '']);
}

/** A systemd unit as `section -> key -> values` (a key may repeat). */
export function systemdUnit(text: string): ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const equals = line.indexOf('=');
    if (current === undefined || equals < 0) throw new Error(`unit line outside a section or without "=": ${line}`);
    const key = line.slice(0, equals).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(equals + 1).trim()]);
  }
  return sections;
}

/** A systemd time span such as `30`, `30s`, `1min 30s`, `500ms`, in milliseconds. */
export function systemdTimeMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
  let total = 0;
  for (const part of value.trim().split(/\s+/)) {
    const match = /^(\d+)([a-z]*)$/.exec(part);
    const factor = units[match?.[2] === '' ? 's' : (match?.[2] ?? '')];
    if (match?.[1] === undefined || factor === undefined) throw new Error(`not a systemd time span: ${value}`);
    total += Number(match[1]) * factor;
  }
  return total;
}

/** A Compose duration such as `40s`, `1m30s`, `500ms`, in milliseconds. */
export function composeDurationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (parts.map((part) => part[0]).join('') !== value) throw new Error(`not a compose duration: ${value}`);
  for (const part of parts) total += Number(part[1]) * (units[part[2] ?? ''] ?? Number.NaN);
  return total;
}
