import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExprQuery } from '../../src-main/shared/api';
import { RangeContext } from '../../src-renderer/src/live/time-range';
import { AssistantView } from '../../src-renderer/src/views/AssistantView';
import { instances } from '../mocks/uplot';
import { flush, scriptedApi } from './support/fake-api';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const panel = (id: string, expr: string) => ({ id: `a/${id}`, title: id, unit: 'perSecond' as const, target: 'a', queries: [{ expr, legend: 'req/s' }], expects: ['http_requests_total'] });

describe('Assistant view', () => {
  let root: Root;
  let host: HTMLDivElement;
  beforeEach(() => {
    instances.length = 0;
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  it('says "no data" and names the expected metric and target when a panel’s query is empty', async () => {
    const s = scriptedApi({ getDashboard: async () => [panel('requests', 'sum(rate(http_requests_total{target="a"}[5m]))')] });
    await act(async () => root.render(<AssistantView api={s.api} />));
    await flush();
    expect(host.querySelector('[data-testid="panel-a/requests"] [data-testid="no-data"]')?.textContent).toBe('No data. This panel needs http_requests_total from target a.');
  });

  it('charts the panel and shows its latest value; refreshes after each scrape without rebuilding', async () => {
    const asked: ExprQuery[] = [];
    let value = 2;
    const s = scriptedApi({
      getDashboard: async () => [panel('requests', 'sum(rate(x[5m]))')],
      queryExpr: async (q) => {
        asked.push(q);
        return { series: ['{}'], t: [q.from, q.to], values: [[1, value]] };
      },
    });
    const hour = { range: { kind: 'live' as const, spanMs: 3_600_000 }, setRange: () => {} };
    await act(async () =>
      root.render(
        <RangeContext.Provider value={hour}>
          <AssistantView api={s.api} />
        </RangeContext.Provider>,
      ),
    );
    await flush();
    expect(host.querySelector('.panel-value')?.textContent).toBe('req/s 2/s');
    const chart = instances.at(-1)!;
    value = 3;
    await act(async () => s.emit({ type: 'scraped', target: 'a', t: Date.now(), up: true }));
    await flush();
    expect(host.querySelector('.panel-value')?.textContent).toBe('req/s 3/s');
    expect(instances.at(-1)).toBe(chart);
    expect(chart.setDataCalls).toBeGreaterThanOrEqual(1);
    // The panel follows the app's time range: the last hour (from a step boundary) at a 15 s step.
    const span = asked.at(-1)!.to - asked.at(-1)!.from;
    expect(span).toBeGreaterThanOrEqual(3_600_000);
    expect(span).toBeLessThan(3_600_000 + 15_000);
    expect(asked.at(-1)!.stepMs).toBe(15_000);
  });

  it('shows a down target with its reason', async () => {
    const s = scriptedApi({
      getTargets: async () => [
        { name: 'a', url: 'http://127.0.0.1:1/metrics', up: false, lastScrapeAt: Date.now(), lastDurationMs: 3, lastError: 'cannot connect: ECONNREFUSED', format: null, samples: 0, seriesDroppedTotal: 0 },
      ],
    });
    await act(async () => root.render(<AssistantView api={s.api} />));
    await flush();
    const t = host.querySelector('[data-testid="target-a"]')!;
    expect(t.className).toContain('target-down');
    expect(t.textContent).toContain('cannot connect: ECONNREFUSED');
  });
});
