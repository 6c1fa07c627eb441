import { readFile } from 'node:fs/promises';
import { kafkaAnswers } from './readiness.js';
import { readPassword } from './secure-material.js';
import type { StackState } from './state.js';

/**
 * The stack's readiness probe for its brokers: true once broker `index` (every broker when omitted)
 * serves metadata listing the whole cluster. A plain stack is asked on its PLAINTEXT listeners; a
 * `--secure` one on SASL_SSL as the stack's admin (a super user), the only way in.
 */
export async function stackKafkaProbe(state: Pick<StackState, 'brokers' | 'secure'>): Promise<(index?: number) => Promise<boolean>> {
  const expected = state.brokers.length;
  const secure = state.secure;
  if (secure === undefined) {
    const addresses = state.brokers.map((broker) => `127.0.0.1:${broker.port}`);
    return (index) => kafkaAnswers(index === undefined ? addresses : [addresses[index] ?? ''], expected);
  }
  const addresses = secure.brokerPorts.map((port) => `127.0.0.1:${port}`);
  const ca = await readFile(secure.caFile, 'utf8');
  const { username, passwordFile } = secure.kafkaUsers.admin;
  const password = await readPassword(passwordFile);
  // A fresh sasl object per client: kafkajs keeps its authenticator on it.
  return (index) => kafkaAnswers(index === undefined ? addresses : [addresses[index] ?? ''], expected, { ssl: { ca: [ca] }, sasl: { mechanism: 'scram-sha-512', username, password } });
}
