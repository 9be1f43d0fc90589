// A scrape target for tests: a real HTTP server on loopback answering every request with the
// given exposition lines (Prometheus text format).
import { createServer, type Server } from 'node:http';

export function serveExposition(lines: string[]): Promise<Server> {
  const body = `${lines.join('\n')}\n`;
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
