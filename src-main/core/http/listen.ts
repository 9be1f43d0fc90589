// Starting and stopping an HTTP listener the same way for every server of the monitor.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** The port actually bound (a free one when asked for 0). */
  port: number;
  /** Ends open connections (live streams included) and stops listening. */
  close(): Promise<void>;
}

/** What a failed bind means, in the user's words: "port 9464 on 127.0.0.1 is already in use". */
export function describeListenError(err: unknown, host: string, port: number): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${host}: no such local address`;
    case 'EACCES':
      return `not allowed to listen on port ${port}; use a port above 1023`;
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** Resolves once listening; rejects with the bind error (EADDRINUSE, EADDRNOTAVAIL, ...). */
export function listen(server: Server, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
