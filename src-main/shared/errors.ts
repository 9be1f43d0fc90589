// Errors as they cross every transport: `{code, message}`, the same text over IPC and HTTP. The
// core throws ApiError (or InputError for bad input); transports carry WireError and the
// receiving side throws an ApiError again, so callers catch one type whatever the transport.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'unavailable'
  | 'timeout'
  | 'internal'
  // Refusals of the HTTP transport itself.
  | 'unauthorized'
  | 'forbidden'
  | 'method_not_allowed'
  | 'too_large'
  | 'unsupported_media_type';

export interface WireError {
  code: ErrorCode;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Input the caller can fix: a malformed query, an unknown id, a value out of range. */
export class InputError extends ApiError {
  override name = 'InputError';
  constructor(message: string) {
    super('invalid_input', message);
  }
}

const CODES: readonly ErrorCode[] = ['invalid_input', 'not_found', 'unavailable', 'timeout', 'internal', 'unauthorized', 'forbidden', 'method_not_allowed', 'too_large', 'unsupported_media_type'];

export function toWireError(err: unknown): WireError {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export function fromWireError(wire: unknown): ApiError {
  const w = (typeof wire === 'object' && wire !== null ? wire : {}) as Partial<WireError>;
  const code = CODES.includes(w.code as ErrorCode) ? (w.code as ErrorCode) : 'internal';
  const message = typeof w.message === 'string' ? w.message : 'unknown error';
  return code === 'invalid_input' ? new InputError(message) : new ApiError(code, message);
}

/** What an `invoke` over Electron IPC resolves to: errors as values, so no "Error invoking remote method" prefix. */
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: WireError };
