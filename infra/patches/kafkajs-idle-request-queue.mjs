// Stops kafkajs 2.2.4's request queue from polling itself every millisecond (run by `postinstall`,
// idempotent).
//
// `scheduleCheckPendingRequests` arms its timer even when nothing is pending; with no client-side
// throttle `throttledUntil - Date.now()` is negative, so the timer fires after 1 ms, finds nothing,
// and arms itself again, forever, once per broker connection (kafkajs issues #1556, #1704). An idle
// producer spent most of its CPU there. The fix returns early when nothing is pending. Nothing is
// lost by that: every request that cannot go out at once is pushed to `pending` and `push` calls
// this function again, which then arms the timer as before (at the throttle's end, or 10 ms later
// when only the in-flight limit holds it back; a fulfilled request also re-checks the queue).
// `node kafkajs-idle-request-queue.mjs [file]` patches another copy (the unit test's).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.argv[2] ?? require.resolve('kafkajs/src/network/requestQueue/index.js');
const source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: no timer while nothing is pending */';
if (source.includes(MARK)) process.exit(0);

const original = `  scheduleCheckPendingRequests() {
    // If we're throttled: Schedule checkPendingRequests when the throttle
    // should be resolved. If there is already something scheduled we assume that that
    // will be fine, and potentially fix up a new timeout if needed at that time.
    // Note that if we're merely "overloaded" by having too many inflight requests
    // we will anyways check the queue when one of them gets fulfilled.
    let scheduleAt = this.throttledUntil - Date.now()`;
const fixed = `  scheduleCheckPendingRequests() {
    ${MARK}
    if (this.pending.length === 0) return
    // If we're throttled: Schedule checkPendingRequests when the throttle
    // should be resolved. If there is already something scheduled we assume that that
    // will be fine, and potentially fix up a new timeout if needed at that time.
    // Note that if we're merely "overloaded" by having too many inflight requests
    // we will anyways check the queue when one of them gets fulfilled.
    let scheduleAt = this.throttledUntil - Date.now()`;
if (!source.includes(original)) {
  console.error(`kafkajs-idle-request-queue: ${file} is not the kafkajs 2.2.4 text this patch fixes; check the kafkajs version`);
  process.exit(1);
}
writeFileSync(file, source.replace(original, fixed));
console.log('kafkajs-idle-request-queue: the request queue no longer polls while nothing is pending');
