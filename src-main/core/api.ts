// The core's MonitorApi: every call's input is checked against its row of the contract table,
// here and only here, then handed to the module that implements it. Transports pass inputs
// through untouched, so IPC and HTTP answer bad input with the same words.
import { API_METHODS, CONTRACT, type ApiMethod, type InputOf, type MonitorApi, type ResultOf } from '../shared/contract';
import type { z } from 'zod';
import { ApiError } from '../shared/errors';
import { checked } from '../shared/inputs';

export type ApiHandlers = { [M in ApiMethod]: (input: InputOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };

/** The checked input of `method`, or an InputError naming every problem. */
export function checkInput<M extends ApiMethod>(method: M, raw: unknown): InputOf<M> {
  const schema = CONTRACT[method].input;
  return (schema ? checked(schema as z.ZodType<unknown>, raw) : undefined) as InputOf<M>;
}

/** Joins the modules' handlers into the API; a method nobody implements is a wiring bug. */
export function createApi(handlers: Partial<ApiHandlers>, subscribe: MonitorApi['subscribe']): MonitorApi {
  const missing = API_METHODS.filter((m) => !handlers[m]);
  if (missing.length > 0) throw new Error(`no module implements ${missing.join(', ')}`);
  const api: Record<string, unknown> = { subscribe };
  for (const method of API_METHODS) {
    const handler = handlers[method] as (input: unknown) => unknown;
    api[method] = async (raw: unknown) => {
      try {
        return await handler(checkInput(method, raw));
      } catch (err) {
        throw err instanceof ApiError ? err : new ApiError('internal', err instanceof Error ? err.message : String(err));
      }
    };
  }
  return api as MonitorApi;
}
