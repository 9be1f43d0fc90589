// Search words marked in a log message: the same words the store's full-text search matched
// (case-insensitive; a trailing `*` marks a prefix), so the user sees why a line is listed.

export interface Segment {
  text: string;
  hit: boolean;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function highlight(text: string, search: string): Segment[] {
  const words = search
    .split(/\s+/)
    .map((w) => w.replace(/\*$/, '').replaceAll('"', ''))
    .filter((w) => w.length > 0);
  if (words.length === 0) return [{ text, hit: false }];
  const re = new RegExp(`(${words.map(escapeRegExp).join('|')})`, 'giu');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}
