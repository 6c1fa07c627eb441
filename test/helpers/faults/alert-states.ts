import type { ReadRecord } from '../topic-reader.js';

export interface AlertValue { readonly type: string; readonly state: string; readonly nodeId: string | null }

/** The states of `type` alerts about `nodeId`, in the order written. */
export function alertStates(records: readonly ReadRecord<AlertValue>[], type: string, nodeId: string): string[] {
  return records.filter((record) => record.value?.type === type && record.value.nodeId === nodeId).map((record) => record.value?.state ?? 'null');
}
