// Starting and stopping an HTTP listener the same way for every server of the monitor.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** The port actually bound (a free one when asked for 0). */
  port: number;
  /** Ends open connections (live streams included) and stops listening. */
  close(): Promise<void>;
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
