import type { VolumeState, VolumeStatus } from '../../src/serde/index.js';
import type { Output, Serde } from '../../src/streams/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore } from '../shared/state-outputs.js';

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

export const LEGACY_STATUS_STORE = entityStore<string>('legacy-volume-status');

export type LegacyStatusOutputs = { readonly statuses: Output<string, LegacyStatusMessage> };

const NUMERIC: Readonly<Record<VolumeStatus, string>> = { CREATED: '0', STARTED: '1', STOPPED: '2', UNKNOWN: '3' };

/** Volume state updates keyed by volume name → a legacy status message per change of the numeric status. */
export function legacyVolumeStatusLogic(): EntityLogic<VolumeState | null, string, LegacyStatusOutputs> {
  return {
    name: 'legacy-volume-status',
    store: LEGACY_STATUS_STORE.name,
    apply: (lastStatus, record) => {
      if (record.value === null) return { state: null, forward: [] };
      const status = NUMERIC[record.value.status];
      if (status === lastStatus) return { state: undefined, forward: [] };
      return { state: status, forward: [{ to: 'statuses' as const, key: 'status', value: { volume: record.key, status } }] };
    },
  };
}

export function legacyTopicOf(prefix: string, volume: string): string {
  return `${prefix}${volume}`;
}

/** The value on the wire is the numeric status as UTF-8 text, as the 2015 Python listener wrote it. */
export const legacyStatusSerde: Serde<LegacyStatusMessage> = {
  serialize: (message) => Buffer.from(message.status, 'utf8'),
  deserialize: (bytes, topic) => ({ volume: topic, status: bytes.toString('utf8') }),
};
