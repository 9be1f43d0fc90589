import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src-main/core/config/schema';
import { EventBus, type CoreEvent } from '../../../src-main/core/events';
import { logsModule } from '../../../src-main/core/logs/module';
import type { ModuleContext } from '../../../src-main/core/module';
import { tempDir } from './support';

describe('logs module', () => {
  it('counts stored lines per source and level as assistant_monitor_log_lines_total, and announces them', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, ['{"level":"info","msg":"a"}', '{"level":"error","msg":"b"}', '{"level":"error","msg":"c"}'].join('\n') + '\n');
    const events = new EventBus();
    const seen: CoreEvent[] = [];
    events.on('logs', (e) => seen.push(e));
    const ctx = { config: { ...DEFAULT_CONFIG, logs: { ...DEFAULT_CONFIG.logs, sources: [{ name: 'app', path: file, format: 'auto' as const }] } }, dataDir: dir, notices: [], events } as unknown as ModuleContext;
    const m = logsModule(ctx, { pollMs: 60_000 });
    await m.caughtUp();
    const collector = m.collectors![0]!;
    expect(await collector.sample()).toEqual({
      'assistant_monitor_log_lines_total{level="info",source="app"}': 1,
      'assistant_monitor_log_lines_total{level="error",source="app"}': 2,
    });
    expect(collector.series().map((s) => s.id).sort()).toEqual(['assistant_monitor_log_lines_total{level="error",source="app"}', 'assistant_monitor_log_lines_total{level="info",source="app"}']);
    await expect.poll(() => seen, { timeout: 3000 }).toEqual([{ type: 'logs', source: 'app', t: expect.any(Number), lines: 3 }]);
    expect(m.selfMetrics!.collect().assistant_monitor_logs_store_bytes).toBeGreaterThan(0);
    m.stop!();
  });
});
