/**
 * A small Dockerfile reader for the static checks: instructions with continuation lines joined and
 * comments dropped, grouped by stage. Enough for infra/deploy/Dockerfile, not a full parser (no
 * heredocs, no escape directive).
 */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly base: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    const continued = line.endsWith('\\');
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (!continued) {
      logical.push(pending.trim());
      pending = '';
    }
  }
  const stages: { base: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const line of logical.filter((entry) => entry !== '')) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ base: from?.[1] ?? '', name: from?.[2], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The value of a JSON-form (exec form) instruction, e.g. `["node", "main.js"]`. */
export function execForm(args: string): string[] {
  const value: unknown = JSON.parse(args);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`not exec form: ${args}`);
  return value;
}

/**
 * The last value of `keyword` that applies to a stage: its own, else its parent stage's (a stage
 * `FROM other-stage` inherits USER, ENTRYPOINT, CMD, HEALTHCHECK, WORKDIR, ENV).
 */
export function effective(stages: readonly Stage[], stage: Stage, keyword: string): Instruction | undefined {
  const own = stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  if (own !== undefined) return own;
  const parent = stages.find((candidate) => candidate.name === stage.base && candidate !== stage);
  return parent === undefined ? undefined : effective(stages, parent, keyword);
}

/** Every instruction a stage runs, its ancestors' first. */
export function lineage(stages: readonly Stage[], stage: Stage): Instruction[] {
  const parent = stages.find((candidate) => candidate.name === stage.base && candidate !== stage);
  return [...(parent === undefined ? [] : lineage(stages, parent)), ...stage.instructions];
}

/** `ENV A=1 B=2` (or the legacy `ENV A 1`) as names. */
export function envNames(instruction: Instruction): string[] {
  if (!instruction.args.includes('=')) return [instruction.args.split(/\s+/)[0] ?? ''];
  return [...instruction.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)].map((match) => match[1] ?? '');
}
