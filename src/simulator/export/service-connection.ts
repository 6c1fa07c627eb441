import dbus from 'dbus-next';
import type { Logger } from '../../logging/index.js';
import type { ObjectTree } from '../../dbus/index.js';

/**
 * One daemon's connection: owns a well-known name and serves object trees. Connecting attaches
 * the trees (exporting their current state); disconnecting detaches them first, so later changes
 * only update the model.
 */
export class ServiceConnection {
  private bus: dbus.MessageBus | undefined;
  private readonly busName: string;
  private readonly trees: readonly ObjectTree[];
  private readonly logger: Logger;

  constructor(options: { readonly busName: string; readonly trees: readonly ObjectTree[]; readonly logger: Logger }) {
    this.busName = options.busName;
    this.trees = options.trees;
    this.logger = options.logger;
  }

  async connect(address: string): Promise<void> {
    const bus = dbus.sessionBus({ busAddress: address });
    // A vanished daemon makes the socket emit errors; they are expected during node loss.
    bus.on('error', (error: unknown) => this.logger.debug({ busName: this.busName, error: String(error) }, 'service bus error'));
    for (const tree of this.trees) tree.attach(bus);
    this.bus = bus;
    await bus.requestName(this.busName, dbus.NameFlag.DO_NOT_QUEUE);
  }

  disconnect(): void {
    const bus = this.bus;
    this.bus = undefined;
    if (bus === undefined) return;
    for (const tree of this.trees) tree.detach();
    bus.disconnect();
  }
}
