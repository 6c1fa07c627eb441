import type { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerGlusterDbusCommand } from './gluster-dbus.js';
import { registerProcessorCommand } from './processor.js';
import { registerProducerCommand } from './producer.js';
import { registerSchemasCommand } from './schemas.js';
import { registerSimulateCommand } from './simulate.js';
import { registerStackCommand } from './stack.js';
import { registerTailCommand } from './tail.js';
import { registerTopicsCommand } from './topics.js';
import { registerWebhookCommand } from './webhook.js';

/** Each command module exports one `register(program)`; add new commands to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [
  registerDemoCommand,
  registerTopicsCommand,
  registerSchemasCommand,
  registerSimulateCommand,
  registerStackCommand,
  registerProducerCommand,
  registerGlusterDbusCommand,
  registerProcessorCommand,
  registerTailCommand,
  registerWebhookCommand,
];
