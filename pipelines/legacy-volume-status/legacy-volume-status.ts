import type { Serde, StreamOperator, StreamRecord } from '../../src/streams/index.js';
import type { VolumeStatus } from '../domain/index.js';
import type { GlusterOutput } from '../gluster-output.js';
import { keyedProcessor } from '../shared/keyed-processor.js';

/**
 * The 2015 design's output, kept for its consumers: one message per volume status change, on the
 * topic named after the volume (with a configurable prefix), key `status`, value the module's
 * numeric status as text ("0" Created, "1" Started, "2" Stopped, "3" Unknown) — but deduplicated:
 * written once per change of the merged status, not once per node.
 */
export interface LegacyStatusMessage {
  readonly volume: string;
  readonly status: string;
}

const NUMERIC: Readonly<Record<VolumeStatus, string>> = { CREATED: '0', STARTED: '1', STOPPED: '2', UNKNOWN: '3' };

export function legacyVolumeStatus(): StreamOperator<StreamRecord<string, GlusterOutput>, StreamRecord<string, LegacyStatusMessage>> {
  return keyedProcessor<GlusterOutput, string, LegacyStatusMessage>({
    name: 'legacy-volume-status',
    store: 'legacy-volume-status',
    step: (lastStatus, output, record) => {
      if (output.topic !== 'volumes') return { state: undefined, outputs: [] };
      if (output.value === null) return { state: null, outputs: [] };
      const status = NUMERIC[output.value.status];
      if (status === lastStatus) return { state: undefined, outputs: [] };
      return { state: status, outputs: [{ key: 'status', value: { volume: record.key, status } }] };
    },
  });
}

export function legacyTopicOf(prefix: string, volume: string): string {
  return `${prefix}${volume}`;
}

/** The value on the wire is the numeric status as UTF-8 text, as the 2015 Python listener wrote it. */
export const legacyStatusSerde: Serde<LegacyStatusMessage> = {
  serialize: (message) => Buffer.from(message.status, 'utf8'),
  deserialize: (bytes, topic) => ({ volume: topic, status: bytes.toString('utf8') }),
};
