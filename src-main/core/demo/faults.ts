// Faults the demo assistant can be told to have, to see what the monitor shows when things break.
export const FAULTS = {
  'slow-voice': 'voice processing takes about six times longer',
  'error-burst': 'a quarter of requests fail with HTTP 500',
  'db-down': 'the database health check fails: /health and /ready answer 503, knowledge searches fail',
  'memory-leak': 'the process keeps 5 MiB more memory every second (up to 1 GiB)',
  crash: 'the process exits with code 1; the demo supervisor starts it again',
} as const;

export type FaultName = keyof typeof FAULTS;

export function isFault(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

export function faultError(name: unknown): string {
  return `unknown fault ${JSON.stringify(name)}; available: ${Object.keys(FAULTS).join(', ')}`;
}

/** Parses the body of POST /faults: {"fault": NAME, "enabled": true|false}. */
export function parseFaultRequest(body: unknown): { fault: FaultName; enabled: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('body must be a JSON object like {"fault": "slow-voice", "enabled": true}');
  const { fault, enabled = true, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new Error(`unknown field ${JSON.stringify(extra[0])}; expected "fault" and "enabled"`);
  if (typeof fault !== 'string' || !isFault(fault)) throw new Error(faultError(fault));
  if (typeof enabled !== 'boolean') throw new Error(`"enabled" must be true or false, got ${JSON.stringify(enabled)}`);
  return { fault, enabled };
}
