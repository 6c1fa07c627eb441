/**
 * What this machine charges a Node process for the I/O the D-Bus producer cannot avoid per change,
 * without any of its code: wake up, write one ~400-byte request to a loopback TCP peer in another
 * process (as a produce request to a broker) and wake up again for its reply (as the broker's ack).
 * The producer's own per-change cost (producer-bench.ts) is best read against this floor: on
 * virtual machines event-loop wakeups and cross-CPU socket wakeups are far dearer than on bare metal.
 *
 *   node test/bench/io-floor-bench.mjs [--seconds 10]
 *
 * The wakeup comes from a timer here (in the producer it is the D-Bus socket); CPU is this process's
 * user + system time (process.cpuUsage), the peer's is not counted. Plain JavaScript on purpose:
 * run through tsx's loader the same loop cost twice as much at 10/s (1.8 against 0.9 ms per cycle),
 * and the producer is measured compiled, without tsx.
 */
import { fork } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const PEER_ARG = '--io-floor-peer';
const REQUEST = Buffer.alloc(400, 7);

/** @typedef {{ ratePerSecond: number, cycles: number, cpuPercentOfOneCore: number, cpuMicrosecondsPerCycle: number }} IoFloorRow */

/** The peer: answers every chunk with 8 bytes, like a broker's short produce response. */
function runPeer() {
  const server = createServer((socket) => socket.on('data', (chunk) => socket.write(chunk.subarray(0, 8))));
  server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));
  process.on('disconnect', () => process.exit(0));
}

/**
 * @param {import('node:net').Socket} socket
 * @param {number} ratePerSecond
 * @param {number} seconds
 * @returns {Promise<IoFloorRow>}
 */
async function measureRate(socket, ratePerSecond, seconds) {
  const cycles = Math.round(ratePerSecond * seconds);
  let answered = 0;
  const onData = () => void (answered += 1);
  socket.on('data', onData);
  const before = process.cpuUsage();
  const started = performance.now();
  for (let cycle = 0; cycle < cycles; cycle += 1) {
    await delay(Math.max(0, started + (cycle * 1000) / ratePerSecond - performance.now()));
    socket.write(REQUEST);
  }
  await delay(200);
  const used = process.cpuUsage(before);
  const wallSeconds = (performance.now() - started) / 1000;
  socket.off('data', onData);
  if (answered === 0) throw new Error('the peer never answered');
  const cpuMicroseconds = used.user + used.system;
  const cpuPercentOfOneCore = Number(((cpuMicroseconds / 1e6 / wallSeconds) * 100).toFixed(2));
  return { ratePerSecond, cycles, cpuPercentOfOneCore, cpuMicrosecondsPerCycle: Math.round(cpuMicroseconds / cycles) };
}

/**
 * @param {{ seconds?: number, rates?: readonly number[] }} [options]
 * @returns {Promise<IoFloorRow[]>}
 */
export async function runIoFloorBench(options = {}) {
  const peer = fork(fileURLToPath(import.meta.url), [PEER_ARG], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    /** @type {number} */
    const port = await new Promise((resolve, reject) => {
      peer.once('message', (message) => resolve(Number(message)));
      peer.once('exit', (code) => reject(new Error(`the peer exited with ${code}`)));
    });
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    try {
      await measureRate(socket, 100, 1); // warm-up, not reported
      const rows = [];
      for (const rate of options.rates ?? [10, 100]) rows.push(await measureRate(socket, rate, options.seconds ?? 10));
      return rows;
    } finally {
      socket.destroy();
    }
  } finally {
    peer.kill();
  }
}

if (process.argv.includes(PEER_ARG)) runPeer();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secondsArg = process.argv.indexOf('--seconds');
  const rows = await runIoFloorBench({ seconds: secondsArg === -1 ? 10 : Number(process.argv[secondsArg + 1]) });
  process.stdout.write('wakeup + 400-byte loopback TCP write + wakeup for the reply, no other work\n');
  for (const row of rows) {
    process.stdout.write(`  ${row.ratePerSecond}/s: ${row.cpuPercentOfOneCore} % of one core, ${row.cpuMicrosecondsPerCycle} µs CPU per cycle (n=${row.cycles})\n`);
  }
}
