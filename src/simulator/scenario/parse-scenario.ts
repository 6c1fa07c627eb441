import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ScenarioError } from './scenario-error.js';
import { scenarioSchema, type Scenario } from './scenario-schema.js';

/**
 * Validates and defaults a scenario once, at the edge; the result is frozen. Throws a
 * {@link ScenarioError} naming the first bad field, e.g.
 * `invalid scenario demo.json: steps[2].failing: Invalid input: expected boolean, received string`.
 */
export function parseScenario(input: unknown, source = '<object>'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ScenarioError(source, first === undefined ? '(root)' : fieldName(first.path), first?.message ?? 'invalid', result.error);
  }
  return deepFreeze(result.data);
}

/** Reads a JSON scenario file and validates it with {@link parseScenario}. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(file, '(file)', error instanceof Error ? error.message : 'unreadable', error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(file, '(json)', error instanceof Error ? error.message : 'not JSON', error);
  }
  return parseScenario(json, file);
}

function fieldName(path: z.core.$ZodIssue['path']): string {
  if (path.length === 0) return '(root)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
