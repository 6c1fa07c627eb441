import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSharedSettings } from '../../../src/config/index.js';
import { startLocalPipeline, type LocalPipeline } from '../../../src/demo/local-pipeline.js';
import { createLogger } from '../../../src/logging/index.js';
import { parseProcessorSettings } from '../../../src/service/index.js';
import type { NodeSpecInput } from '../../../src/simulator/index.js';
import { uniqueName, type TestStack } from '../stack.js';
import { DETERMINISTIC_PROCESSOR_ENV } from './cli-processor.js';

/** Simulated node `n` (1-based): one ATA drive `sda` (serial `F<n>A`) under the brick `srv<n>:/bricks/b1`. */
export function faultNodes(count: number): NodeSpecInput[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `node${index + 1}`,
    glusterUuid: `5f0c3a1e-5c1d-4a6e-9a53-1d6f1e6a${String(index + 1).padStart(4, '0')}`,
    hostname: `srv${index + 1}`,
    drives: [{ device: 'sda', kind: 'ata' as const, model: 'SIM HDD', serial: `F${index + 1}A` }],
    bricks: [{ path: '/bricks/b1', layout: { type: 'partition' as const, drive: 'sda' } }],
  }));
}

export interface FaultPipeline extends LocalPipeline {
  readonly stack: TestStack;
  /** Stops the pipeline and removes its folder (buses, spools). */
  close(): Promise<void>;
}

/**
 * Simulated nodes on private dbus-daemons, a real producer per node (with its on-disk spool) and,
 * unless `processor: false`, the processor in this process, all on a fresh topic prefix of `stack`.
 * Heartbeats every second; silence and disagreement timeouts of a day, so that a fault's wall-clock
 * pause raises no NODE_SILENT that the test did not ask for.
 */
export async function startFaultPipeline(stack: TestStack, options: { nodes: number; processor?: boolean }): Promise<FaultPipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'ge-fault-'));
  const prefix = uniqueName('fault-pipe');
  const shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix });
  const processor = options.processor === false ? undefined : parseProcessorSettings({ applicationId: `${prefix}-processor`, registerSchemas: true, httpPort: '0' }, { ...DETERMINISTIC_PROCESSOR_ENV });
  const logger = createLogger({ level: process.env['FAULT_LOG'] ?? 'silent' });
  try {
    const pipeline = await startLocalPipeline({ shared, ...(processor === undefined ? {} : { processor }), nodes: faultNodes(options.nodes), dir, heartbeatMs: 1_000, logger });
    return Object.assign(pipeline, {
      stack,
      async close() {
        try {
          await pipeline.stop();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
