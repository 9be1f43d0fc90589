import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogLine, LogQuery } from '../../src-main/shared/api';
import { highlight } from '../../src-renderer/src/logs/highlight';
import { RangeContext, type TimeRange } from '../../src-renderer/src/live/time-range';
import { LogsView } from '../../src-renderer/src/views/LogsView';
import { flush, scriptedApi } from './support/fake-api';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const line = (id: number, message: string, extra: Partial<LogLine> = {}): LogLine => ({ id, t: 1_764_237_600_000 + id, source: 'assistant', level: 'info', message, fields: {}, traceId: null, truncated: false, ...extra });

describe('highlight', () => {
  it('marks every search word, case-insensitively, prefixes included', () => {
    expect(highlight('Voice processed for voice user', 'voice proc*')).toEqual([
      { text: 'Voice', hit: true },
      { text: ' ', hit: false },
      { text: 'proc', hit: true },
      { text: 'essed for ', hit: false },
      { text: 'voice', hit: true },
      { text: ' user', hit: false },
    ]);
    expect(highlight('a+b (c)', 'a+b')).toEqual([{ text: 'a+b', hit: true }, { text: ' (c)', hit: false }]);
  });
});

describe('Logs view', () => {
  let root: Root;
  let host: HTMLDivElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  function render(api: ReturnType<typeof scriptedApi>['api'], range: TimeRange = { kind: 'live', spanMs: 300_000 }, setRange = (_r: TimeRange) => {}) {
    return act(async () =>
      root.render(
        <RangeContext.Provider value={{ range, setRange }}>
          <LogsView api={api} />
        </RangeContext.Provider>,
      ),
    );
  }

  it('lists lines with level and fields, marks search hits, and filters by a clicked field', async () => {
    const asked: LogQuery[] = [];
    const s = scriptedApi({
      queryLogs: async (q) => {
        asked.push(q);
        return { lines: [line(2, 'Voice processed', { fields: { user_id: 'alice' }, traceId: 'abc123' }), line(1, 'Transcription failed', { level: 'error' })], more: false };
      },
    });
    await render(s.api);
    await flush();
    const rows = host.querySelectorAll('[data-testid="log-line"]');
    expect([...rows].map((r) => r.getAttribute('data-level'))).toEqual(['info', 'error']);
    expect(host.querySelector('[data-trace-id="abc123"]')?.textContent).toBe('trace abc123');

    const input = host.querySelector('input[type="search"]') as HTMLInputElement;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, 'voice');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => (host.querySelector('form') as HTMLFormElement).requestSubmit());
    await flush();
    expect(asked.at(-1)).toMatchObject({ text: 'voice' });
    expect([...host.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Voice']);

    const field = [...host.querySelectorAll('button.log-field')].find((b) => b.textContent === 'user_id=alice') as HTMLButtonElement;
    await act(async () => field.click());
    await flush();
    expect(asked.at(-1)).toMatchObject({ fields: ['user_id=alice'] });
    expect(host.querySelector('[data-testid="field-filters"]')?.textContent).toContain('user_id=alice');
  });

  it('asks for the checked levels only', async () => {
    const asked: LogQuery[] = [];
    const s = scriptedApi({ queryLogs: async (q) => (asked.push(q), { lines: [], more: false }) });
    await render(s.api);
    await flush();
    const error = [...host.querySelectorAll('.log-level-toggle')].find((l) => l.textContent?.trim() === 'error')!.querySelector('input')!;
    await act(async () => error.click());
    await flush();
    expect(asked.at(-1)).toMatchObject({ levels: ['error'] });
  });

  it('follows new lines live, and while paused counts them instead', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let calls = 0;
      const s = scriptedApi({ queryLogs: async () => (calls++, { lines: [], more: false }) });
      await render(s.api);
      await flush();
      const before = calls;
      s.emit({ type: 'logs', source: 'assistant', t: 0, lines: 3 });
      await act(async () => vi.advanceTimersByTime(1000));
      await flush();
      expect(calls).toBe(before + 1);

      const pause = [...host.querySelectorAll('button')].find((b) => b.textContent?.includes('Pause'))!;
      await act(async () => pause.click());
      s.emit({ type: 'logs', source: 'assistant', t: 0, lines: 5 });
      await act(async () => vi.advanceTimersByTime(2000));
      expect(calls).toBe(before + 1);
      expect([...host.querySelectorAll('button')].some((b) => b.textContent === '▶ Follow (5 new)')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('draws the histogram and zooms the shared time range to a clicked bar', async () => {
    const picked: TimeRange[] = [];
    const s = scriptedApi({ logHistogram: async () => ({ t: [0, 1000], bucketMs: 1000, counts: { info: [2, 1], error: [0, 4] } }) });
    await render(s.api, { kind: 'fixed', from: 0, to: 1999 }, (r) => picked.push(r));
    await flush();
    expect(host.querySelector('[data-testid="log-histogram"]')?.getAttribute('data-total')).toBe('7');
    await act(async () => host.querySelectorAll('[data-testid="log-histogram"] g')[1]!.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(picked).toEqual([{ kind: 'fixed', from: 1000, to: 2000 }]);
  });

  it('copies a line as JSON', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const l = line(1, 'hello', { fields: { a: 1 } });
    const s = scriptedApi({ queryLogs: async () => ({ lines: [l], more: false }) });
    await render(s.api);
    await flush();
    await act(async () => (host.querySelector('.log-copy') as HTMLButtonElement).click());
    expect(JSON.parse(writeText.mock.calls[0]![0])).toEqual(l);
  });
});
