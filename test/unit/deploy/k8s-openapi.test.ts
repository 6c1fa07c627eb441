import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { k8sObjects, type JsonObject } from './deploy-files.js';
import { unknownFieldsOf } from './k8s-field-check.js';

/** A kubernetes-models class: built from plain data, `validate()` throws on what the API server would refuse. */
type ModelClass = new (data: JsonObject) => { validate(): void };

/**
 * The model of `apiVersion`/`kind` from kubernetes-models, whose validators are compiled from the
 * Kubernetes OpenAPI schemas (types, required fields, formats, enums); undefined for a kind it does
 * not know (a CRD, a typo in apiVersion), which the test reports instead of skipping.
 */
async function modelOf(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  // Core objects (apiVersion "v1") live at kubernetes-models/v1, the others at <group>/<version>.
  const module = (await import(`kubernetes-models/${apiVersion}`).catch(() => undefined)) as Record<string, unknown> | undefined;
  const model = module?.[kind];
  return typeof model === 'function' ? (model as ModelClass) : undefined;
}

/** The validation error as one line per finding: `<instancePath> <message>`. */
function findings(error: unknown): string {
  const errors = (error as { errors?: readonly { instancePath?: string; message?: string }[] } | undefined)?.errors;
  return errors === undefined ? String(error) : errors.map((each) => `${each.instancePath ?? ''} ${each.message ?? ''}`).join('; ');
}

async function validate(object: JsonObject): Promise<string | undefined> {
  const apiVersion = String(object['apiVersion']);
  const kind = String(object['kind']);
  const Model = await modelOf(apiVersion, kind);
  if (Model === undefined) return `kubernetes-models has no ${apiVersion} ${kind}`;
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return findings(error);
  }
}

describe('the Kubernetes manifests validate offline against the Kubernetes OpenAPI schemas', () => {
  test('every object of every kind in infra/deploy/k8s is valid for its apiVersion', async () => {
    const objects = k8sObjects();
    const kinds = new Set(objects.map(({ object }) => String(object['kind'])));
    for (const kind of ['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'PodDisruptionBudget', 'DaemonSet']) assert.ok(kinds.has(kind), `no ${kind} was validated`);
    for (const { file, object } of objects) assert.equal(await validate(object), undefined, `${file}: ${String(object['kind'])}`);
  });

  test('the validation catches what an API server refuses (so the test above can fail)', async () => {
    const deployment = k8sObjects().find(({ object }) => object['kind'] === 'Deployment')?.object;
    assert.ok(deployment !== undefined);
    const withSpec = (spec: JsonObject): JsonObject => ({ ...deployment, spec: { ...(deployment['spec'] as JsonObject), ...spec } });
    assert.match((await validate(withSpec({ replicas: 'two' }))) ?? '', /replicas/);
    assert.match((await validate(withSpec({ selector: 'app' }))) ?? '', /selector/);
    assert.match((await validate({ ...deployment, apiVersion: 'apps/v1beta7' })) ?? '', /has no apps\/v1beta7 Deployment/);
  });

  test('no object has a field the Kubernetes API does not know (strict field validation), and a misspelt one is found', () => {
    const objects = k8sObjects();
    const daemonSet = objects.find(({ object }) => object['kind'] === 'DaemonSet')?.object;
    assert.ok(daemonSet !== undefined);
    const template = (daemonSet['spec'] as JsonObject)['template'] as JsonObject;
    const pod = template['spec'] as JsonObject;
    // Control: one misspelt field deep in a pod template, checked in the same (slow) compiler run.
    const misspelt: JsonObject = { ...daemonSet, spec: { ...(daemonSet['spec'] as JsonObject), template: { ...template, spec: { ...pod, terminationGracePeriod: 30 } } } };
    const found = unknownFieldsOf([...objects.map(({ object }) => object), misspelt]);
    const control = found.pop() ?? [];
    assert.deepEqual(found.flatMap((messages, index) => messages.map((message) => `${objects[index]?.file ?? ''}: ${message}`)), []);
    assert.match(control.join('\n'), /'"terminationGracePeriod"' does not exist in type 'IPodSpec'/);
  });
});
