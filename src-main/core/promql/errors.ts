// The two kinds of query error users see: a parse error points at a character of the query; an
// evaluation error (limits, timeout, duplicate series, many-to-many matches) describes the data.

export class PromQLError extends Error {
  override name = 'PromQLError';
  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(`at position ${position + 1}: ${reason}`);
  }
}

export class EvalError extends Error {
  override name = 'EvalError';
}
