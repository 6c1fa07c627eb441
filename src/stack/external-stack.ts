import { GlusterEventingError } from '../errors/index.js';
import type { RunningStack } from './running-stack.js';
import { describeExternal } from './status.js';

/**
 * A stack somebody else runs (`KAFKA_BROKERS` + `SCHEMA_REGISTRY_URL` set): same handle, but `stop` is a
 * no-op and the fault-injection methods refuse, since we own none of its processes.
 */
export function externalStack(options: { readonly brokers: readonly string[]; readonly registryUrl: string }): RunningStack {
  const refuse = async (): Promise<never> => {
    throw new GlusterEventingError('STACK_NOT_OWNED', 'fault injection needs a stack started by this process, not an external cluster');
  };
  return {
    mode: 'external',
    brokers: [...options.brokers],
    registryUrl: options.registryUrl,
    dir: '',
    stop: async () => undefined,
    killBroker: refuse,
    stopBroker: refuse,
    restartBroker: refuse,
    stopRegistry: refuse,
    startRegistry: refuse,
    status: () => describeExternal(options.brokers, options.registryUrl),
  };
}
