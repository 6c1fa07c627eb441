import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { topicNames } from '../../../src/kafka/index.js';
import { processorInternalTopics } from '../../../src/service/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The backticked names of the README's list item that starts with `lead`. */
function listed(lead: string): string[] {
  const start = readme.indexOf(lead);
  assert.notEqual(start, -1, `the README's internal topics section has no "${lead}" item`);
  const ends = [readme.indexOf('\n- ', start + 1), readme.indexOf('\n\n', start)].filter((end) => end !== -1);
  const item = readme.slice(start, Math.min(...ends));
  return [...item.matchAll(/`([a-z0-9-]+)`/g)].map((match) => match[1] ?? '').filter((name) => !name.startsWith('<'));
}

test("the README's internal topics are exactly what `topics list --internal` prints (the topology's, legacy output on)", () => {
  const pipelines = { ...DEFAULT_PIPELINE_SETTINGS, legacyVolumeTopicPrefix: 'gluster.volume.' };
  const topics = processorInternalTopics({ names: topicNames('gluster'), pipelines, applicationId: 'gluster-eventing-processor' });
  const of = (kind: string): string[] => topics.filter((topic) => topic.kind === kind).map((topic) => topic.of).sort();
  assert.deepEqual(listed('- repartition topics').sort(), of('repartition'));
  assert.deepEqual(listed('- changelog topics').sort(), of('changelog'));
});
