// Self time of a `node --cpu-prof` profile per source area (the project's folders, each dependency,
// Node internals, GC, idle), as shares of the busy time: node test/bench/profile-shares.mjs DIR-or-FILE
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2];
const files = statSync(target).isDirectory() ? readdirSync(target).filter((name) => name.endsWith('.cpuprofile')).map((name) => join(target, name)) : [target];
const totals = new Map();
let busy = 0;
let idle = 0;
const areaOf = (url, name) => {
  if (name === '(idle)' || name === '(program)') return name;
  if (name === '(garbage collector)') return 'GC';
  if (url === '') return 'natives';
  if (url.startsWith('node:')) return 'node internals';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return `dep ${modules[1]}`;
  const own = /\/(src\/[^/]+\/[^/]+|src\/[^/]+|pipelines\/[^/]+|test\/[^/]+)/.exec(url);
  return own ? own[1] : url;
};
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const deltas = profile.timeDeltas;
  for (let index = 0; index < profile.samples.length; index += 1) {
    const node = byId.get(profile.samples[index]);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    const micros = deltas[index] ?? 0;
    if (area === '(idle)') idle += micros;
    else {
      busy += micros;
      totals.set(area, (totals.get(area) ?? 0) + micros);
    }
  }
}
console.log(`busy ${(busy / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s`);
for (const [area, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${area}`);
