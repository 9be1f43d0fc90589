// A series is identified by its metric name and label set, written the way Prometheus prints
// it: `name{a="1",b="x"}` with labels sorted by name, or just `name` without labels.

export type Labels = Record<string, string>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabelValue(labels[k]!)}"`).join(',')}}`;
}

export function formatSeriesId(name: string, labels: Labels): string {
  return name + formatLabels(labels);
}

/** Parses `name{a="1"}`; returns null when it is not a well-formed series id. */
export function parseSeriesId(id: string): { name: string; labels: Labels } | null {
  const brace = id.indexOf('{');
  const name = brace < 0 ? id : id.slice(0, brace);
  if (!METRIC_NAME.test(name)) return null;
  const labels: Labels = {};
  if (brace < 0) return { name, labels };
  if (!id.endsWith('}')) return null;
  let i = brace + 1;
  const end = id.length - 1;
  while (i < end) {
    const eq = id.indexOf('="', i);
    if (eq < 0) return null;
    const key = id.slice(i, eq);
    if (!LABEL_NAME.test(key)) return null;
    let j = eq + 2;
    let value = '';
    for (;;) {
      if (j >= end) return null;
      const c = id[j]!;
      if (c === '\\') {
        const n = id[j + 1];
        value += n === 'n' ? '\n' : (n ?? '');
        j += 2;
        continue;
      }
      if (c === '"') break;
      value += c;
      j++;
    }
    labels[key] = value;
    j++;
    if (id[j] === ',') j++;
    else if (j !== end) return null;
    i = j;
  }
  return { name, labels };
}
