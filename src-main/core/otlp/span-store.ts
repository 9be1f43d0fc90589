// Received spans in their own SQLite file (traces.db), apart from history.db: trace volume and
// retention differ from metrics, and a big trace burst must not push metric history out.
import { DatabaseSync } from 'node:sqlite';
import type { Span } from './decode-json';

export class SpanStore {
  private readonly insert;
  private readonly deleteOlder;
  private readonly countAll;
  /** Spans removed because they aged out, since start. */
  expired = 0;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly maxAgeMs: number,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS spans (
      trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_id TEXT NOT NULL, service TEXT NOT NULL,
      name TEXT NOT NULL, kind INTEGER NOT NULL, start_ns INTEGER NOT NULL, duration_ns INTEGER NOT NULL,
      status INTEGER NOT NULL, attributes TEXT NOT NULL, events TEXT NOT NULL, links TEXT NOT NULL,
      resource TEXT NOT NULL, PRIMARY KEY (trace_id, span_id)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS spans_start ON spans (start_ns);
      CREATE INDEX IF NOT EXISTS spans_service_name ON spans (service, name, start_ns);`);
    this.insert = db.prepare('INSERT OR REPLACE INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.deleteOlder = db.prepare('DELETE FROM spans WHERE start_ns < ?');
    this.countAll = db.prepare('SELECT count(*) AS n FROM spans');
  }

  /** `file`: a path, or ':memory:'. */
  static open(file: string, maxAgeMs: number): SpanStore {
    const db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    return new SpanStore(db, maxAgeMs);
  }

  write(spans: Span[]): void {
    this.db.exec('BEGIN');
    try {
      for (const s of spans) this.insert.run(s.traceId, s.spanId, s.parentSpanId, s.service, s.name, s.kind, s.startNs, s.endNs - s.startNs, s.statusCode,
          JSON.stringify(s.attributes), JSON.stringify(s.events), JSON.stringify(s.links), JSON.stringify(s.resource));
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  /** Drops spans that started more than the retention before `nowMs`. */
  expire(nowMs: number): void {
    const cutoff = BigInt(nowMs - this.maxAgeMs) * 1_000_000n;
    this.expired += Number(this.deleteOlder.run(cutoff).changes);
  }

  /** The stored attributes, events, links and resource of one span, as received. */
  detail(traceId: string, spanId: string): { attributes: unknown[]; events: unknown[]; links: unknown[]; resource: unknown[] } | null {
    const row = this.db.prepare('SELECT attributes, events, links, resource FROM spans WHERE trace_id = ? AND span_id = ?').get(traceId, spanId) as Record<string, string> | undefined;
    if (!row) return null;
    return { attributes: JSON.parse(row.attributes!), events: JSON.parse(row.events!), links: JSON.parse(row.links!), resource: JSON.parse(row.resource!) };
  }

  count(): number {
    return Number((this.countAll.get() as { n: number }).n);
  }

  close(): void {
    this.db.close();
  }
}
