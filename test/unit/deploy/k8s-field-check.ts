import ts from 'typescript';
import { packagePath } from '../../../src/package-root/index.js';
import type { JsonObject } from './deploy-files.js';

/**
 * Fields the Kubernetes API does not know, found the way `kubectl apply --validate=strict` would:
 * kubernetes-models' TypeScript interfaces are generated from the same OpenAPI schemas as its
 * validators, but only they say which properties exist (the validators accept any extra field). Each
 * object becomes an object literal typed as its kind's interface, and the compiler's excess-property
 * check reports a misspelt or misplaced field at any depth (`livenesProbe`, `ports` under the pod).
 * One in-memory program for all objects (about 8 s), so callers check everything in one call.
 *
 * @returns per object (same order), the compiler's messages; empty when the object is clean
 */
export function unknownFieldsOf(objects: readonly JsonObject[]): string[][] {
  // A file inside the package, so that `kubernetes-models` resolves from its node_modules.
  const fileName = packagePath('test', 'unit', 'deploy', '__k8s-manifests__.ts');
  const lines = objects.flatMap((object, index) => [
    `import type { I${String(object['kind'])} as T${index} } from 'kubernetes-models/${String(object['apiVersion'])}/${String(object['kind'])}';`,
    `export const o${index}: T${index} = ${JSON.stringify(object)};`,
  ]);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === fileName ? ts.createSourceFile(name, lines.join('\n'), language) : readSource(name, language, ...rest));
  host.fileExists = (name) => name === fileName || exists(name);
  const program = ts.createProgram([fileName], options, host);
  const found: string[][] = objects.map(() => []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const line = diagnostic.file !== undefined && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    // Two lines per object: an import (a kind kubernetes-models lacks) and the literal.
    const entry = found[Math.floor(line / 2)];
    if (entry === undefined) throw new Error(`the manifest check itself failed: ${message}`);
    entry.push(message);
  }
  return found;
}
