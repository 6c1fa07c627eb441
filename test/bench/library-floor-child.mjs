/**
 * The child of library-floor-bench.ts: one of the producer's two libraries alone, at a steady rate,
 * reporting its own CPU (process.cpuUsage) over the window on stdout as JSON. Plain JavaScript, run
 * without tsx, as the producer is measured compiled.
 *
 *   node --max-semi-space-size=1 library-floor-child.mjs kafkajs-send BROKERS TOPIC SECONDS RATE
 *   node --max-semi-space-size=1 library-floor-child.mjs dbus-listen BUS_ADDRESS SECONDS
 *
 * `kafkajs-send`: an idempotent kafkajs producer configured as the producer's sink (acks=all, one
 * request in flight) sends one 300-byte record per tick of its own timer and awaits the ack.
 * `dbus-listen`: a dbus-next connection subscribed to PropertiesChanged that does nothing with the
 * signals; the parent makes the changes and tells it (IPC) when the window starts and ends.
 */
import dbus from 'dbus-next';
import kafkajs from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';

const [mode, ...args] = process.argv.slice(2);

/** @param {NodeJS.CpuUsage} used @param {number} wallMs @param {number} operations */
const report = (used, wallMs, operations) => {
  const cpuMicroseconds = used.user + used.system;
  return { cpuPercentOfOneCore: Number(((cpuMicroseconds / 1000 / wallMs) * 100).toFixed(2)), cpuMicrosecondsPerOperation: Math.round(cpuMicroseconds / operations), operations };
};

if (mode === 'kafkajs-send') {
  const [brokers = '', topic = '', secondsArg = '30', rateArg = '10'] = args;
  const seconds = Number(secondsArg);
  const rate = Number(rateArg);
  const kafka = new kafkajs.Kafka({ brokers: brokers.split(','), clientId: 'library-floor', logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(300, 7);
  const send = (index) => producer.send({ topic, acks: -1, messages: [{ key: `drive-${index % 5}`, value }] });
  for (let index = 0; index < 50; index += 1) await send(index); // warm-up, not measured
  await delay(2_000);
  const before = process.cpuUsage();
  const started = performance.now();
  const total = Math.round(seconds * rate);
  for (let index = 0; index < total; index += 1) {
    await delay(Math.max(0, started + (index * 1000) / rate - performance.now()));
    await send(index);
  }
  await delay(Math.max(0, started + seconds * 1000 - performance.now()));
  const row = report(process.cpuUsage(before), performance.now() - started, total);
  await producer.disconnect();
  process.stdout.write(`${JSON.stringify(row)}\n`);
} else if (mode === 'dbus-listen') {
  const [busAddress] = args;
  const bus = dbus.sessionBus({ busAddress });
  let received = 0;
  bus.on('message', () => void (received += 1));
  await new Promise((resolve) => bus.once('connect', resolve));
  const rule = "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged'";
  await bus.call(new dbus.Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch', signature: 's', body: [rule] }));
  let before = process.cpuUsage();
  let started = performance.now();
  process.on('message', (message) => {
    if (message === 'start') {
      received = 0;
      before = process.cpuUsage();
      started = performance.now();
    } else if (message === 'stop') {
      process.send?.(report(process.cpuUsage(before), performance.now() - started, received), () => process.exit(0));
    }
  });
  process.send?.('ready');
} else {
  process.stderr.write(`library-floor-child: unknown mode ${String(mode)}\n`);
  process.exit(2);
}
