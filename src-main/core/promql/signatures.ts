// Argument and result types of every PromQL function the engine knows, checked at parse time
// (as Prometheus does), and the reasons for the ones it refuses.
import type { ValueType } from './ast';

export interface Signature {
  args: ValueType[];
  /** How many trailing arguments may be left out (date functions, round). */
  optional?: number;
  /** The last argument may repeat (label_join's source labels). */
  variadic?: boolean;
  returns: ValueType;
}

const v = (...args: ValueType[]): Signature => ({ args, returns: 'vector' });
const MATH = ['abs', 'ceil', 'floor', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'deg', 'rad'];
const DATES = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];
const RANGE = ['rate', 'increase', 'irate', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'absent_over_time', 'present_over_time'];
const OVER_TIME = ['avg', 'min', 'max', 'sum', 'count', 'last', 'stddev', 'stdvar'].map((a) => `${a}_over_time`);

export const FUNCTIONS: Record<string, Signature> = {
  ...Object.fromEntries(MATH.map((f) => [f, v('vector')])),
  ...Object.fromEntries(DATES.map((f) => [f, { args: ['vector'], optional: 1, returns: 'vector' } satisfies Signature])),
  ...Object.fromEntries([...RANGE, ...OVER_TIME].map((f) => [f, v('matrix')])),
  quantile_over_time: v('scalar', 'matrix'),
  predict_linear: v('matrix', 'scalar'),
  clamp: v('vector', 'scalar', 'scalar'),
  clamp_min: v('vector', 'scalar'),
  clamp_max: v('vector', 'scalar'),
  round: { args: ['vector', 'scalar'], optional: 1, returns: 'vector' },
  histogram_quantile: v('scalar', 'vector'),
  histogram_fraction: v('scalar', 'scalar', 'vector'),
  label_replace: v('vector', 'string', 'string', 'string', 'string'),
  label_join: { args: ['vector', 'string', 'string', 'string'], variadic: true, returns: 'vector' },
  absent: v('vector'),
  sort: v('vector'),
  sort_desc: v('vector'),
  timestamp: v('vector'),
  vector: v('scalar'),
  scalar: { args: ['vector'], returns: 'scalar' },
  time: { args: [], returns: 'scalar' },
  pi: { args: [], returns: 'scalar' },
};

/** Real Prometheus functions this engine refuses, and why (shown to the user with the position). */
export const UNSUPPORTED_FUNCTIONS: Record<string, string> = {
  holt_winters: 'was removed in Prometheus 3 (now the experimental double_exponential_smoothing)',
  double_exponential_smoothing: 'is experimental in Prometheus and not supported here',
  mad_over_time: 'is experimental in Prometheus and not supported here',
  sort_by_label: 'is experimental in Prometheus and not supported here',
  sort_by_label_desc: 'is experimental in Prometheus and not supported here',
  info: 'is experimental in Prometheus and not supported here',
  histogram_count: 'works on native histograms, which this monitor does not store',
  histogram_sum: 'works on native histograms, which this monitor does not store',
  histogram_avg: 'works on native histograms, which this monitor does not store',
  histogram_stddev: 'works on native histograms, which this monitor does not store',
  histogram_stdvar: 'works on native histograms, which this monitor does not store',
};

export const UNSUPPORTED_AGGREGATORS: Record<string, string> = {
  limitk: 'is experimental in Prometheus and not supported here',
  limit_ratio: 'is experimental in Prometheus and not supported here',
};
