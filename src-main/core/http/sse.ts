// Server-sent events: the live stream of MonitorEvents for one browser tab.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MonitorApi } from '../../shared/api';

const HEARTBEAT_MS = 5000;
/** A client that lets this much pile up unread is cut off rather than grow our memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface SseStats {
  clients: number;
  /** Clients disconnected because they did not keep up. */
  droppedSlowClients: number;
}

/** Slow clients dropped by every server of this process: the core reports it as a self-metric. */
export const streamTotals = { droppedSlowClients: 0 };

export function openEventStream(req: IncomingMessage, res: ServerResponse, api: MonitorApi, stats: SseStats): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  stats.clients++;

  const unsubscribe = api.subscribe((event) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      stats.droppedSlowClients++;
      streamTotals.droppedSlowClients++;
      res.destroy();
      return;
    }
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  // Comments keep proxies from closing an idle stream and let the client notice a dead server.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    stats.clients--;
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', close);
  res.on('close', close);
}
