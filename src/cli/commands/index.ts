import type { Command } from 'commander';

/** Each command module exports one `register(program)` that adds one top-level command. */
export type RegisterCommand = (program: Command) => void;

/**
 * A command as `--help` lists it, and how to load it. Only the module of the command that runs is
 * imported (see `registerCommands`), so `producer` does not load fastify, rxjs or the streams
 * runtime. `summary` must equal the description the module sets (test/unit/cli/commands.test.ts).
 * Add new commands to {@link commands}.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<RegisterCommand>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'demo',
    summary: 'run Kafka, the registry, 3 simulated Gluster nodes, producers and the processor through a scenario',
    load: async () => (await import('./demo.js')).registerDemoCommand,
  },
  { name: 'topics', summary: 'declare and inspect the Kafka topics (the public contract)', load: async () => (await import('./topics.js')).registerTopicsCommand },
  {
    name: 'acls',
    summary: "print (or --apply) the exact Kafka ACLs of a role's principal, derived from the topics and the processor's topology",
    load: async () => (await import('./acls.js')).registerAclsCommand,
  },
  { name: 'schemas', summary: 'register the Avro schemas or check them for compatibility', load: async () => (await import('./schemas.js')).registerSchemasCommand },
  {
    name: 'simulate',
    summary: 'run simulated Gluster nodes (storaged glusterfs + udisks objects on private buses) and play a scenario',
    load: async () => (await import('./simulate.js')).registerSimulateCommand,
  },
  { name: 'stack', summary: 'run the embedded Kafka + schema registry on this machine', load: async () => (await import('./stack.js')).registerStackCommand },
  {
    name: 'producer',
    summary: 'watch D-Bus (storaged glusterfs, udisks2) and produce raw records to Kafka through an on-disk spool',
    load: async () => (await import('./producer.js')).registerProducerCommand,
  },
  {
    name: 'gluster-dbus',
    summary: 'export this Gluster node as the storaged glusterfs D-Bus API (org.storaged.Storaged), fed by the gluster CLI',
    load: async () => (await import('./gluster-dbus.js')).registerGlusterDbusCommand,
  },
  {
    name: 'processor',
    summary: 'run the processing service: raw records -> deduplicated state topics and alerts (exactly once)',
    load: async () => (await import('./processor.js')).registerProcessorCommand,
  },
  {
    name: 'tail',
    summary: 'print records of a topic as JSON lines, Avro decoded through the schema registry',
    load: async () => (await import('./tail.js')).registerTailCommand,
  },
  {
    name: 'webhook',
    summary: 'receive glustereventsd webhook POSTs and produce them as raw EVENT records through an on-disk spool',
    load: async () => (await import('./webhook.js')).registerWebhookCommand,
  },
  {
    name: 'loadgen',
    summary: 'write raw records as the producers of a synthetic cluster would (N nodes, V volumes, B bricks, D drives)',
    load: async () => (await import('./loadgen.js')).registerLoadgenCommand,
  },
];
