import type { Admin } from 'kafkajs';
import { waitFor } from '../stack.js';

/** Per partition: `committed/end` of `groupId` on `topic`. */
async function positions(admin: Admin, groupId: string, topic: string): Promise<Array<{ committed: number; end: number }>> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map((committed[0]?.partitions ?? []).map(({ partition, offset }) => [partition, Math.max(0, Number(offset))]));
  return ends.map(({ partition, high }) => ({ committed: done.get(partition) ?? 0, end: Number(high) }));
}

/**
 * Waits until the processor application is done with its input: it committed the raw topic to its
 * end, every processor is ready (`ready`, e.g. all `/readyz` 200: no task restoring), and nothing moves any more, neither its committed offsets on the repartition topics nor the end
 * offsets of those and of `outputTopics`, for `settleMs` (default 3 s, 30 commit intervals).
 * Offsets alone cannot say "drained" for a repartition topic: every upstream task's transaction
 * leaves its own marker at the end of the partitions it wrote, so several markers may follow the
 * last record there.
 */
export async function waitUntilDrained(
  admin: Admin,
  options: { applicationId: string; rawTopic: string; outputTopics: readonly string[]; timeoutMs: number; settleMs?: number; ready?: () => Promise<boolean> },
): Promise<void> {
  let seen = 'nothing checked yet';
  const look = async (): Promise<string | undefined> => {
    const raw = await positions(admin, options.applicationId, options.rawTopic);
    seen = `raw ${raw.map(({ committed, end }) => `${committed}/${end}`).join(' ')}`;
    if (raw.some(({ committed, end }) => committed < end)) return undefined;
    // A task still restoring moves nothing for as long as its restore takes (seconds with many
    // tasks), which would pass for "settled" while its repartition input is unread.
    if (options.ready !== undefined && !(await options.ready())) {
      seen += '; not every processor ready';
      return undefined;
    }
    const internal = (await admin.listTopics()).filter((topic) => topic.startsWith(`${options.applicationId}-`) && topic.endsWith('-repartition')).sort();
    const parts: string[] = [];
    for (const topic of internal) parts.push(`${topic} ${(await positions(admin, options.applicationId, topic)).map(({ committed, end }) => `${committed}/${end}`).join(' ')}`);
    for (const topic of options.outputTopics) parts.push(`${topic} ${(await admin.fetchTopicOffsets(topic)).map(({ high }) => high).join(' ')}`);
    return parts.join('; ');
  };
  const settleMs = options.settleMs ?? 3_000;
  try {
    await waitFor(async () => {
      const first = await look();
      if (first === undefined) return false;
      await new Promise((resolve) => setTimeout(resolve, settleMs)); // the second look, not a wait for a result
      return (await look()) === first;
    }, { timeoutMs: options.timeoutMs, intervalMs: 500, what: `${options.applicationId} done with ${options.rawTopic}` });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (last seen: ${seen})`, { cause: error });
  }
}
