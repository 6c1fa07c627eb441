import { createServer, type Server } from 'node:net';
import { StackPortInUseError } from './errors/index.js';

/** A port the stack will listen on, with what it is for (named in the port-in-use error). */
export interface PortClaim {
  readonly port: number;
  readonly purpose: string;
}

/**
 * Asks the kernel for `count` distinct free loopback ports (bind port 0, note it, release). All sockets
 * stay open until every port is picked so that the same port cannot come back twice; another process can
 * still take one before our child binds it, which the child's crash error then reports.
 */
export async function pickFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) servers.push(await listen(0));
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** Fails with {@link StackPortInUseError} on the first claimed port that cannot be bound on 127.0.0.1. */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  for (const claim of claims) {
    let server: Server;
    try {
      server = await listen(claim.port);
    } catch (error) {
      throw new StackPortInUseError(claim.port, claim.purpose, error);
    }
    await close(server);
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
