import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src-main/core/config/schema';
import type { ModuleContext } from '../../../src-main/core/module';
import { otlpModule } from '../../../src-main/core/otlp/module';

const ctxWith = (port: number) => ({ config: { ...DEFAULT_CONFIG, otlp: { ...DEFAULT_CONFIG.otlp, port } }, dataDir: null }) as unknown as ModuleContext;

describe('otlp module', () => {
  it('turns a port in use into a notice naming it, and still reports its numbers', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    const m = otlpModule(ctxWith(port));
    m.start!();
    expect(await m.ready).toBeNull();
    expect(m.notices!()).toEqual([expect.stringContaining(`127.0.0.1:${port} is in use`)]);
    expect(m.selfMetrics!.collect()).toMatchObject({ assistant_monitor_otlp_spans_stored: 0 });
    m.stop!();
    blocker.close();
  });
});
