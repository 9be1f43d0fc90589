// Label-set helpers: keys that identify a label set, grouping signatures, and the readable form
// used in error messages.
import { formatLabels, type Labels } from '../../shared/series-id';

export function dropName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _n, ...rest } = labels;
  return rest;
}

/** A string that is equal for equal label sets. */
export function labelsKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let out = '';
  for (const k of keys) out += `${k}\xff${labels[k]}\xfe`;
  return out;
}

/** The labels that vector matching compares: `on` keeps only the listed ones; otherwise all but
 * the listed ones. The metric name never takes part. */
export function matchLabels(labels: Labels, on: boolean, names: string[]): Labels {
  const out: Labels = {};
  for (const k in labels) {
    if (k === '__name__') continue;
    if (on === names.includes(k)) out[k] = labels[k]!;
  }
  return out;
}

export function showLabels(labels: Labels): string {
  const { __name__: name, ...rest } = labels;
  return (name ?? '') + (formatLabels(rest) || (name ? '' : '{}'));
}
