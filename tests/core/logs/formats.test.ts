import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../src-main/core/logs/formats';

describe('parseLine', () => {
  it('reads the reference assistant tracing-subscriber JSON, lifting fields.* to plain keys', () => {
    const line = JSON.stringify({
      timestamp: '2026-11-27T10:00:00.123Z',
      level: 'INFO',
      fields: { message: 'Voice processed', user_id: 'u-42', duration_ms: 812, trace_id: 'abc123' },
      target: 'assistant::voice',
      threadId: 'ThreadId(3)',
      filename: 'src/voice.rs',
      line_number: 88,
    });
    const p = parseLine(line, 'auto');
    expect(p).toMatchObject({ t: Date.parse('2026-11-27T10:00:00.123Z'), level: 'info', message: 'Voice processed', traceId: 'abc123', format: 'json' });
    expect(p.fields).toEqual({ user_id: 'u-42', duration_ms: 812, target: 'assistant::voice', threadId: 'ThreadId(3)', filename: 'src/voice.rs', line_number: 88 });
  });

  it('reads pino and bunyan numeric levels and epoch times', () => {
    const pino = parseLine('{"level":50,"time":1764237600000,"pid":1,"hostname":"h","msg":"boom","req":{"id":7}}', 'auto');
    expect(pino).toMatchObject({ level: 'error', t: 1764237600000, message: 'boom' });
    expect(pino.fields['req.id']).toBe(7);
    const bunyan = parseLine('{"name":"app","hostname":"h","pid":1,"level":40,"msg":"slow","time":"2026-11-27T10:00:00.000Z","v":0}', 'auto');
    expect(bunyan).toMatchObject({ level: 'warn', message: 'slow', t: Date.parse('2026-11-27T10:00:00.000Z') });
  });

  it('reads logfmt with quoted values', () => {
    const p = parseLine('time=2026-11-27T10:00:00Z level=warn msg="queue is \\"full\\"" queue=voice depth=12', 'auto');
    expect(p).toMatchObject({ level: 'warn', message: 'queue is "full"', format: 'logfmt', fields: { queue: 'voice', depth: '12' } });
  });

  it('finds a timestamp and a level word in plain text', () => {
    const p = parseLine('2026-11-27 10:00:00,250 ERROR database unreachable', 'auto');
    expect(p).toMatchObject({ level: 'error', message: 'database unreachable', format: 'text' });
    expect(new Date(p.t!).getSeconds()).toBe(0);
    expect(parseLine('[WARN] disk almost full', 'auto')).toMatchObject({ level: 'warn', message: 'disk almost full', t: null });
    expect(parseLine('just words', 'auto')).toMatchObject({ level: 'unknown', message: 'just words', t: null });
  });

  it('takes a JSON-looking line that is not JSON as text, and honours an override', () => {
    expect(parseLine('{not json', 'auto').format).toBe('text');
    expect(parseLine('level=info msg=hi', 'text').format).toBe('text');
  });
});
