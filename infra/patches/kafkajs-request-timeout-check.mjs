// Stops kafkajs 2.2.4's request queue from waking the process every 100 ms while no request is out
// (run by `postinstall`, idempotent).
//
// Each broker connection arms `setInterval(check, min(requestTimeout, 100))` when it connects and
// keeps it until it disconnects, to time out requests still in flight. With nothing in flight the
// check finds nothing, yet every tick is an event-loop wakeup: an idle D-Bus producer (two
// connections) woke 10–20 times a second for it, and a wakeup costs 140–300 µs of CPU on the
// machines we measure on (a large part of the producer's 2 % CPU budget, issue #3).
//
// The fix arms the check when a request goes in flight and clears it when the last answer arrives,
// so requests time out exactly as before (same period, same test) and an idle connection sleeps.
// Requests that leave `inflight` some other way (timed out, rejected, no response expected) are
// covered by the check itself: it clears itself on the next tick that finds nothing in flight.
// `node kafkajs-request-timeout-check.mjs [file]` patches another copy (the unit test's).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.argv[2] ?? require.resolve('kafkajs/src/network/requestQueue/index.js');
const source = readFileSync(file, 'utf8');
const MARK = '/* gluster-eventing: request timeout check only while requests are in flight */';
if (source.includes(MARK)) process.exit(0);

/** [original, replacement] pairs; every original must occur exactly once. */
const edits = [
  [
    `  scheduleRequestTimeoutCheck() {
    if (this.enforceRequestTimeout) {
      this.destroy()

      this.requestTimeoutIntervalId = setInterval(() => {
        this.inflight.forEach(request => {
          if (Date.now() - request.sentAt > request.requestTimeout) {
            request.timeoutRequest()
          }
        })

        if (!this.isConnected()) {
          this.destroy()
        }
      }, Math.min(this.requestTimeout, 100))
    }
  }`,
    `  scheduleRequestTimeoutCheck() {
    ${MARK}
    if (this.enforceRequestTimeout) {
      this.destroy()
      this.requestTimeoutCheckEnabled = true
      if (this.inflight.size > 0) this.armRequestTimeoutCheck()
    }
  }

  armRequestTimeoutCheck() {
    if (!this.requestTimeoutCheckEnabled || this.requestTimeoutIntervalId != null) return
    this.requestTimeoutIntervalId = setInterval(() => {
      this.inflight.forEach(request => {
        if (Date.now() - request.sentAt > request.requestTimeout) {
          request.timeoutRequest()
        }
      })

      if (!this.isConnected()) {
        this.destroy()
        return
      }
      this.disarmRequestTimeoutCheckWhenIdle()
    }, Math.min(this.requestTimeout, 100))
  }

  disarmRequestTimeoutCheckWhenIdle() {
    if (this.inflight.size > 0 || this.requestTimeoutIntervalId == null) return
    clearInterval(this.requestTimeoutIntervalId)
    this.requestTimeoutIntervalId = null
  }`,
  ],
  [
    `        this.inflight.set(correlationId, socketRequest)
        pushedRequest.sendRequest()`,
    `        this.inflight.set(correlationId, socketRequest)
        this.armRequestTimeoutCheck()
        pushedRequest.sendRequest()`,
  ],
  [
    `    const socketRequest = this.inflight.get(correlationId)
    this.inflight.delete(correlationId)
    this.checkPendingRequests()`,
    `    const socketRequest = this.inflight.get(correlationId)
    this.inflight.delete(correlationId)
    this.disarmRequestTimeoutCheckWhenIdle()
    this.checkPendingRequests()`,
  ],
  [
    `  destroy() {
    clearInterval(this.requestTimeoutIntervalId)`,
    `  destroy() {
    this.requestTimeoutCheckEnabled = false
    clearInterval(this.requestTimeoutIntervalId)
    this.requestTimeoutIntervalId = null`,
  ],
];

let patched = source;
for (const [original, replacement] of edits) {
  if (patched.split(original).length !== 2) {
    console.error(`kafkajs-request-timeout-check: ${file} is not the kafkajs 2.2.4 text this patch fixes; check the kafkajs version`);
    process.exit(1);
  }
  patched = patched.replace(original, () => replacement);
}
writeFileSync(file, patched);
console.log('kafkajs-request-timeout-check: the request timeout check runs only while requests are in flight');
