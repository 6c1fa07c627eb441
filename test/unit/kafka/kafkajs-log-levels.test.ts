import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { createKafkaClient, forwardKafkajsLog } from '../../../src/kafka/kafka-client.js';

/** A trace-level pino logger whose lines land in `lines` as objects. */
function capturingLogger(): { logger: pino.Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'trace', base: null }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}
const WARN = 40;
const DEBUG = 20;
const entry = (level: number, namespace: string, message: string, extra: Record<string, unknown> = {}) => ({ namespace, level, label: '', log: { timestamp: '', logger: 'kafkajs', message, ...extra } });

describe("kafkajs' log entries at the level operators should see", () => {
  test('creating an idempotent producer with bounded retries (as the D-Bus producer does) logs no warning', () => {
    const { logger, lines } = capturingLogger();
    // Constructing the producer logs; nothing connects.
    createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'log-levels', logger }).producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 5 } });
    const limiting = lines.filter((line) => line.msg.startsWith('Limiting retries for the idempotent producer'));
    assert.equal(limiting.length, 1, 'kafkajs still reports it');
    assert.equal(limiting[0]?.level, DEBUG);
    assert.equal(lines.filter((line) => line.level >= WARN).length, 0);
  });

  test('other warnings stay warnings; a retried error response goes to debug', () => {
    const { logger, lines } = capturingLogger();
    forwardKafkajsLog(logger, entry(kafkajs.logLevel.WARN, 'Producer', 'some other warning'));
    forwardKafkajsLog(logger, entry(kafkajs.logLevel.ERROR, 'Connection', 'Response Produce(key: 0, version: 7)'));
    forwardKafkajsLog(logger, entry(kafkajs.logLevel.ERROR, 'Producer', 'final failure'));
    assert.deepEqual(lines.map((line) => [line.msg, line.level]), [['some other warning', WARN], ['Response Produce(key: 0, version: 7)', DEBUG], ['final failure', 50]]);
  });
});
