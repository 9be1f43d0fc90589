import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DailyJsonLog } from '../../../src-main/core/demo/json-log';
import { parseLine } from '../../../src-main/core/logs/formats';
import { tempDir } from '../logs/support';

describe('DailyJsonLog', () => {
  it('writes reference-shaped JSON lines and rolls to a new dated file at midnight UTC', async () => {
    const dir = tempDir();
    let now = Date.parse('2026-11-27T23:59:59.500Z');
    const log = new DailyJsonLog(join(dir, 'logs'), () => now);
    log.write({ level: 'INFO', message: 'Voice processed', target: 'assistant::voice', fields: { user_id: 'u-1', duration_ms: 812 } });
    now += 1000;
    log.write({ level: 'ERROR', message: 'Knowledge search failed', target: 'assistant::knowledge' });
    await log.close();
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['assistant.log.2026-11-27', 'assistant.log.2026-11-28']);
    const first = JSON.parse(readFileSync(join(dir, 'logs', 'assistant.log.2026-11-27'), 'utf8')) as Record<string, unknown>;
    expect(first).toMatchObject({ timestamp: '2026-11-27T23:59:59.500Z', level: 'INFO', fields: { message: 'Voice processed', user_id: 'u-1', duration_ms: 812 }, target: 'assistant::voice', filename: 'src/voice/pipeline.rs' });
    expect(first.threadId).toMatch(/^ThreadId\(\d+\)$/);
    // What the tailer makes of it.
    const parsed = parseLine(readFileSync(join(dir, 'logs', 'assistant.log.2026-11-28'), 'utf8').trim(), 'auto');
    expect(parsed).toMatchObject({ level: 'error', message: 'Knowledge search failed', fields: { target: 'assistant::knowledge' } });
  });
});
