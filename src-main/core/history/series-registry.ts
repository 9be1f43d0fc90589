// The series the history database knows, by key (the series id, `name{labels}`) and by the small
// integer that chunks and rollups store instead of the key.
import { parseSeriesId, type Labels } from '../../shared/series-id';

export interface NewSeries {
  id: number;
  key: string;
  name: string;
  /** The labels as JSON, as the series table stores them. */
  labels: string;
}

export class SeriesRegistry {
  private readonly ids = new Map<string, number>();
  private readonly keys = new Map<number, string>();
  private readonly byName = new Map<string, { key: string; labels: Labels }[]>();
  private nextId = 1;

  /** Takes a stored series; a key that does not parse (written by a future version) is skipped. */
  load(key: string, id: number): void {
    const parsed = parseSeriesId(key);
    if (!parsed) return;
    this.ids.set(key, id);
    this.keys.set(id, key);
    let list = this.byName.get(parsed.name);
    if (!list) this.byName.set(parsed.name, (list = []));
    list.push({ key, labels: parsed.labels });
    this.nextId = Math.max(this.nextId, id + 1);
  }

  get size(): number {
    return this.ids.size;
  }

  idOf(key: string): number | undefined {
    return this.ids.get(key);
  }

  keyOf(id: number): string | undefined {
    return this.keys.get(id);
  }

  /** Registers a key seen for the first time; null when it is not a valid series id. */
  add(key: string): NewSeries | null {
    const parsed = parseSeriesId(key);
    if (!parsed) return null;
    const id = this.nextId;
    this.load(key, id);
    return { id, key, name: parsed.name, labels: JSON.stringify(parsed.labels) };
  }

  /** Series of one metric name, or all of them. */
  named(name: string | null): { key: string; name: string; labels: Labels }[] {
    if (name !== null) return (this.byName.get(name) ?? []).map((s) => ({ ...s, name }));
    return [...this.byName].flatMap(([n, list]) => list.map((s) => ({ ...s, name: n })));
  }

  /** Series whose key contains every word of `text` (case-insensitive), at most `limit`. */
  find(text: string, limit: number): { id: string; name: string; labels: Labels }[] {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const out: { id: string; name: string; labels: Labels }[] = [];
    for (const key of this.ids.keys()) {
      const lower = key.toLowerCase();
      if (!words.every((w) => lower.includes(w))) continue;
      const parsed = parseSeriesId(key)!;
      out.push({ id: key, name: parsed.name, labels: parsed.labels });
      if (out.length >= limit) break;
    }
    return out;
  }
}
