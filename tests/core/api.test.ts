import { describe, expect, it } from 'vitest';
import { createApi, type ApiHandlers } from '../../src-main/core/api';
import { API_METHODS } from '../../src-main/shared/contract';
import { ApiError, InputError } from '../../src-main/shared/errors';

/** Handlers for every row, each answering its own name and the input it got. */
function echoHandlers(): ApiHandlers {
  return Object.fromEntries(API_METHODS.map((m) => [m, (input: unknown) => ({ method: m, input })])) as unknown as ApiHandlers;
}

describe('the core API', () => {
  it('refuses to start when a row of the contract table has no implementation', () => {
    const { getTargets: _t, listPins: _p, ...partial } = echoHandlers();
    expect(() => createApi(partial, () => () => {})).toThrow('no module implements getTargets, listPins');
  });

  it('hands handlers the checked input, defaults filled in, and never the raw one', async () => {
    const api = createApi(echoHandlers(), () => () => {});
    expect(await api.queryRange({ series: 'up' as never, from: '1' as never, to: 2 })).toEqual({
      method: 'queryRange',
      input: { series: ['up'], from: 1, to: 2, maxPoints: 1000 },
    });
    expect(await api.findSeries({ text: 'cpu' })).toEqual({ method: 'findSeries', input: { text: 'cpu', limit: 100 } });
  });

  it('stops bad input before any handler runs, as an InputError naming every problem', async () => {
    let ran = false;
    const api = createApi({ ...echoHandlers(), queryExpr: () => ((ran = true), { series: [], t: [], values: [] }) }, () => () => {});
    const err = await api.queryExpr({ expr: '', from: -1, to: 5, stepMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('expr must be a PromQL expression; from must be a time in milliseconds since the epoch, got -1');
    expect(ran).toBe(false);
  });

  it('turns an unexpected failure inside a module into an internal ApiError', async () => {
    const api = createApi({ ...echoHandlers(), getInfo: () => { throw new TypeError('boom'); } }, () => () => {});
    await expect(api.getInfo()).rejects.toMatchObject({ code: 'internal', message: 'boom' });
    await expect(api.getInfo()).rejects.toBeInstanceOf(ApiError);
  });
});
