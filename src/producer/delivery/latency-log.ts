import { createWriteStream } from 'node:fs';
import type { RecordCodec } from '../records/record-codec.js';
import { unpackPayload } from '../records/record-codec.js';

/** Observer of acknowledged batches: the spool payloads, and when the broker's ack arrived (epoch ms). */
export type AckObserver = (payloads: readonly Buffer[], ackedAt: number) => void;

export interface LatencyLog {
  readonly observe: AckObserver;
  close(): Promise<void>;
}

/**
 * A debug aid for benchmarks (`--latency-log FILE`): one line per acknowledged record,
 * `<sequence> <observedAt> <ackedAt>` (epoch ms, tab-separated). `observedAt` is stamped when the
 * producer handles the D-Bus signal, so `ackedAt - observedAt` is the producer's own latency: spool,
 * batching and the acks=all round trip. Each record is decoded again here, which costs CPU; leave
 * it off in production.
 */
export function createLatencyLog(options: { readonly path: string; readonly codec: RecordCodec }): LatencyLog {
  const out = createWriteStream(options.path, { flags: 'a' });
  return {
    observe(payloads, ackedAt) {
      let lines = '';
      for (const payload of payloads) {
        const { value } = options.codec.decode(unpackPayload(payload));
        lines += `${value.sequence}\t${value.observedAt}\t${ackedAt}\n`;
      }
      out.write(lines);
    },
    close: () => new Promise((resolve) => out.end(resolve)),
  };
}
