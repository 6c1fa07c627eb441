import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const kafkaRuntime = fileURLToPath(new URL('../../../../src/streams/kafka/', import.meta.url));

test('the Kafka runtime reads time only from its injected clocks: Date.now and performance.now appear only as an option’s default', () => {
  const reads: string[] = [];
  for (const file of readdirSync(kafkaRuntime).filter((name) => name.endsWith('.ts')).sort()) {
    readFileSync(kafkaRuntime + file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, ''); // what comments say is not a read
        if (/\b(Date\.now|performance\.now)\b/.test(code) && !/\boptions\.\w+ \?\? \(?\(\) => (Date|performance)\.now\(\)/.test(code)) reads.push(`${file}:${index + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(reads, [], 'take the time from `settings.clock` (durations) or `settings.wallClock` (epoch time)');
});
