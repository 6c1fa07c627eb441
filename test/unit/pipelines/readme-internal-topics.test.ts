import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildGlusterTopology, type GlusterSerdes } from '../../../pipelines/gluster-topology.js';
import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { topicNames } from '../../../src/kafka/index.js';

const json = taggedJsonSerde<never>();
const serdes: GlusterSerdes = { rawKey: json, rawValue: json, volumes: json, bricks: json, drives: json, nodes: json, alerts: json };
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The backticked names of the README's list item that starts with `lead`. */
function listed(lead: string): string[] {
  const start = readme.indexOf(lead);
  assert.notEqual(start, -1, `the README's internal topics section has no "${lead}" item`);
  const ends = [readme.indexOf('\n- ', start + 1), readme.indexOf('\n\n', start)].filter((end) => end !== -1);
  const item = readme.slice(start, Math.min(...ends));
  return [...item.matchAll(/`([a-z0-9-]+)`/g)].map((match) => match[1] ?? '').filter((name) => !name.startsWith('<'));
}

test("the README's internal topics are exactly the topology's repartition topics and stores", () => {
  const withLegacy = buildGlusterTopology({ names: topicNames('gluster'), serdes, settings: { ...DEFAULT_PIPELINE_SETTINGS, legacyVolumeTopicPrefix: 'gluster.volume.' } });
  const repartitions = withLegacy.nodes.flatMap((node) => (node.kind === 'sink' && node.topic.kind === 'repartition' ? [node.topic.name] : []));
  const stores = withLegacy.stores.map((store) => store.name);
  assert.deepEqual(listed('- repartition topics').sort(), [...repartitions].sort());
  assert.deepEqual(listed('- changelog topics').sort(), [...stores].sort());
});
