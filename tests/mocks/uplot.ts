// uPlot cannot draw in happy-dom; this records what the renderer asks of it. Real drawing is
// checked in Chromium by the e2e tests.
export const instances: FakeUplot[] = [];

export default class FakeUplot {
  setDataCalls = 0;
  data: unknown[];
  destroyed = false;
  size: { width: number; height: number };
  constructor(
    readonly opts: { width: number; height: number },
    data: unknown[],
    readonly target: HTMLElement,
  ) {
    this.data = data;
    this.size = { width: opts.width, height: opts.height };
    instances.push(this);
  }
  setData(data: unknown[]): void {
    this.setDataCalls++;
    this.data = data;
  }
  setSize(size: { width: number; height: number }): void {
    this.size = size;
  }
  destroy(): void {
    this.destroyed = true;
  }
}
