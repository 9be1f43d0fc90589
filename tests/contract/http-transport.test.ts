import { createCore } from '../../src-main/core/create-core';
import { startHttpServer, type RunningServer } from '../../src-main/core/http/server';
import { newToken } from '../../src-main/core/http/access';
import { createHttpBridge } from '../../src-renderer/src/bridge/http';
import { describeMonitorApiContract } from './monitor-api.contract';

describeMonitorApiContract('HTTP + server-sent events', async (options) => {
  const core = createCore(options);
  core.start();
  const token = newToken();
  const listen = (port: number) => startHttpServer({ api: core.api, host: '127.0.0.1', port, token, staticDir: null });
  let server: RunningServer | null = await listen(0);
  const port = server.port;
  const api = createHttpBridge({ baseUrl: `http://127.0.0.1:${port}`, token, staleAfterMs: 2000 });
  return {
    api,
    async breakCore() {
      await server?.close();
      server = null;
    },
    async restoreCore() {
      server = await listen(port);
    },
    async close() {
      await server?.close();
      core.stop();
    },
  };
});
