/**
 * For `after` in a fault test whose cleanup already ran: if something still keeps the process alive
 * `graceMs` later (seen after a producer was stopped while Kafka was down: its kafkajs client keeps
 * retrying in the background), name what on stderr and exit with the test's own exit code, so that a
 * leaked handle shows in the log instead of hanging `npm test` (the runner waits for each file's
 * process to exit). The timer is unref'd: a clean process exits without it.
 */
export function exitWhenDone(file: string, graceMs = 5_000): void {
  setTimeout(() => {
    process.stderr.write(`${file}: still alive ${graceMs} ms after cleanup, exiting; active resources: ${process.getActiveResourcesInfo().join(', ')}\n`);
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  }, graceMs).unref();
}
