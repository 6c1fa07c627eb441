import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGlusterTopology, type GlusterSerdes } from '../../../pipelines/gluster-topology.js';
import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { topicNames } from '../../../src/kafka/index.js';
import { createReferenceModel, generateLoad, openAlerts, parseLoadScript, type ClusterShape, type LoadScript } from '../../../src/loadgen/index.js';
import { rawKeyOf } from '../../../src/serde/index.js';
import { createTopologyTestDriver } from '../../../src/streams/index.js';
import { compareWithModel, type TopicRecord } from '../../helpers/reference-compare.js';

const names = topicNames('gluster');
const json = taggedJsonSerde<never>();
const serdes: GlusterSerdes = { rawKey: json, rawValue: json, volumes: json, bricks: json, drives: json, nodes: json, alerts: json };

/**
 * The whole pipeline set in the test driver against the reference model, on generated input. Both
 * see time the same way: whenever the input's event time enters a new second, the driver is
 * punctuated at that time before the record is piped (the processor's punctuation runs while time
 * passes, not after the next record), which is when the model ticks too.
 */
async function runBoth(shape: ClusterShape, seed: number, records: number, script?: LoadScript) {
  const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
  const model = createReferenceModel();
  let second = Number.NEGATIVE_INFINITY;
  let last = 0;
  // A short step (20 ms per record) lets event time cover heartbeats and a silence timeout or two.
  for (const record of generateLoad({ shape, seed, records, stepMs: 20, ...(script === undefined ? {} : { script }) })) {
    last = record.observedAt;
    if (Math.floor(last / 1000) > second) {
      second = Math.floor(last / 1000);
      await driver.punctuate(last);
    }
    await driver.pipeInput(names.raw, { key: rawKeyOf(record), value: record, timestamp: record.observedAt });
    model.apply(record);
  }
  await driver.punctuate(last);
  model.advanceTo(last);
  const read = async (topic: string): Promise<TopicRecord[]> =>
    (await driver.readOutput<string, Record<string, unknown>>(topic)).map((record) => ({ key: record.key, value: record.value }));
  const actual = { volumes: await read(names.volumes), bricks: await read(names.bricks), drives: await read(names.drives), nodes: await read(names.nodes), alerts: await read(names.alerts) };
  return { actual, expected: model.expected(), deadLettered: driver.readRaw('gluster-eventing-dlq').length };
}

describe('the pipelines agree with the reference model on generated input', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    test(`seed ${seed}: 4 nodes, 6 volumes, 18 bricks, 12 drives, 600 records: same final state, tombstones and alert histories`, async () => {
      const { actual, expected } = await runBoth({ nodes: 4, volumes: 6, bricks: 18, drives: 12 }, seed, 600);
      assert.deepEqual(compareWithModel(actual, expected, { alerts: 'history' }), []);
      assert.ok(expected.alerts.size > 0 && expected.state.bricks.size > 0, 'the input exercises alerts and bricks');
    });
  }

  test('seed 11, more nodes than bricks per volume, drives shared by bricks: agree', async () => {
    const { actual, expected } = await runBoth({ nodes: 7, volumes: 5, bricks: 20, drives: 9 }, 11, 900);
    assert.deepEqual(compareWithModel(actual, expected, { alerts: 'history' }), []);
    assert.ok(openAlerts(expected).size > 0);
  });

  for (const seed of [21, 22]) {
    test(`seed ${seed}: volumes deleted and created again often: tombstones for volumes and bricks agree, their alerts resolve`, async () => {
      const script = parseLoadScript({ mix: { volumeStatus: 20, glusterd: 5, smartFailing: 30, temperature: 10, producerRestart: 5, volumeDelete: 10, volumeCreate: 8 } });
      const { actual, expected } = await runBoth({ nodes: 3, volumes: 8, bricks: 16, drives: 6 }, seed, 700, script);
      assert.deepEqual(compareWithModel(actual, expected, { alerts: 'history' }), []);
      assert.ok(expected.tombstones.volumes.size > 0 && expected.tombstones.bricks.size > 0, 'volumes and bricks were deleted');
    });
  }

  test('heartbeats every 40 s against a 30 s silence timeout: NODE_SILENT raised and resolved alike', async () => {
    const script = parseLoadScript({ heartbeatMs: 40_000, mix: { volumeStatus: 40, glusterd: 5, smartFailing: 15, temperature: 35, producerRestart: 0, volumeDelete: 0 } });
    const { actual, expected } = await runBoth({ nodes: 3, volumes: 2, bricks: 6, drives: 3 }, 31, 12_000, script);
    assert.deepEqual(compareWithModel(actual, expected, { alerts: 'history' }), []);
    assert.ok([...expected.alerts.keys()].some((id) => id.startsWith('NODE_SILENT|')), 'nodes fell silent');
  });
});
