// npm run bench -- logs
// Reference-shaped JSON log lines (tracing-subscriber, as the demo assistant writes them) tailed
// from a real file into the log store: parsed, stored and FTS-indexed, on this one thread; in
// the same run, the baseline is JSON.parse of the same lines. Then a full-text query over 1M
// stored lines. Prints one JSON line last.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLine } from '../../src-main/core/logs/formats';
import { LogStore, type StoredRecord } from '../../src-main/core/logs/store';
import { SourceTailer } from '../../src-main/core/logs/tailer';

const LINES = Number(process.env.LOGS_BENCH_LINES ?? 200_000);
const STORED = Number(process.env.LOGS_BENCH_STORED ?? 1_000_000);
const TARGETS = ['assistant::voice', 'assistant::knowledge', 'assistant::plugins', 'assistant::chat', 'assistant::http'];
const MESSAGES = ['Voice processed', 'Knowledge search completed', 'Plugin weather executed', 'Chat reply sent', 'Request handled', 'Transcription failed with status 500'];
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(' ');

function referenceLine(i: number, t: number): string {
  const rare = i % 1000 === 7 ? ' zeppelin' : '';
  return JSON.stringify({
    timestamp: new Date(t).toISOString(),
    level: i % 50 === 0 ? 'ERROR' : i % 10 === 0 ? 'WARN' : 'INFO',
    fields: {
      message: `${MESSAGES[i % MESSAGES.length]} ${WORDS[i % WORDS.length]}${rare}`,
      user_id: `u-${1000 + (i % 97)}`,
      action: 'voice',
      duration_ms: (i * 37) % 2000,
      trace_id: (i * 2654435761).toString(16).padStart(32, '0'),
    },
    target: TARGETS[i % TARGETS.length],
    threadId: `ThreadId(${i % 8})`,
    filename: 'src/voice/pipeline.rs',
    line_number: 64,
  });
}

const dir = mkdtempSync(join(tmpdir(), 'am-logs-bench-'));
const t0 = Date.now() - LINES;
const lines = Array.from({ length: LINES }, (_, i) => referenceLine(i, t0 + i));
const text = lines.join('\n') + '\n';
const file = join(dir, 'assistant.log');
writeFileSync(file, text);

// Baseline: JSON.parse of the same lines (split included), same run.
function baseline(): number {
  const started = performance.now();
  let n = 0;
  for (const line of text.split('\n')) if (line) n += JSON.parse(line) ? 1 : 0;
  return n / ((performance.now() - started) / 1000);
}

/** The longest the event loop was held while tailing (a 1 ms timer's worst lateness). */
let maxStallMs = 0;

async function ours(): Promise<number> {
  const store = LogStore.open(join(dir, `ingest-${Math.random()}.db`));
  let n = 0;
  const tailer = new SourceTailer({ name: 'assistant', path: file, format: 'auto' }, { store, now: Date.now, onStored: (_s, r) => (n += r.length) });
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last - 1);
    last = now;
  }, 1);
  const started = performance.now();
  await tailer.scanNow();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(probe);
  await tailer.stop();
  store.close();
  if (n !== LINES) throw new Error(`ingested ${n} of ${LINES} lines`);
  return n / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

baseline(); // warm-up
const base: number[] = [];
const mine: number[] = [];
for (let round = 0; round < 3; round++) {
  base.push(baseline());
  mine.push(await ours());
}

// 1M stored lines for the search (filled through the store directly: the fill is not timed).
const big = LogStore.open(join(dir, 'search.db'));
const start = Date.now() - STORED * 10;
for (let i = 0; i < STORED; i += 10_000) {
  const batch: StoredRecord[] = [];
  for (let j = i; j < Math.min(STORED, i + 10_000); j++) {
    const p = parseLine(referenceLine(j, start + j * 10), 'auto');
    batch.push({ t: p.t!, level: p.level, message: p.message, fields: p.fields, traceId: p.traceId, truncated: false });
  }
  big.commit('assistant', batch, null);
}
const searches: number[] = [];
let hits = 0;
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  hits = big.query({ from: 0, to: Date.now(), text: 'zeppelin voice', limit: 200 }).lines.length;
  searches.push(performance.now() - started);
}
const common: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  big.query({ from: 0, to: Date.now(), text: 'alpha', limit: 200 });
  common.push(performance.now() - started);
}
// The histogram above the list, over every stored line (about 4 months at this spacing).
const histograms: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  big.histogram({ from: start, to: Date.now(), buckets: 60 });
  histograms.push(performance.now() - started);
}
big.close();

const lps = median(mine);
const blps = median(base);
console.log(`ingest ${LINES} reference JSON lines from a file: ${Math.round(lps)} lines/s (JSON.parse alone ${Math.round(blps)} lines/s)`);
console.log(`histogram over all ${STORED} stored lines: ${median(histograms).toFixed(1)} ms`);
console.log(`longest event-loop stall while tailing: ${maxStallMs.toFixed(1)} ms`);
console.log(`search over ${STORED} stored lines: rare words ${median(searches).toFixed(1)} ms (${hits} hits), a word in 1 line of 20: ${median(common).toFixed(1)} ms`);
console.log(
  JSON.stringify({
    bench: 'logs',
    lines_per_s: Math.round(lps),
    baseline_lines_per_s: Math.round(blps),
    ratio: Number((lps / blps).toFixed(3)),
    search_1m_ms: Number(median(searches).toFixed(1)),
    search_1m_common_word_ms: Number(median(common).toFixed(1)),
    ingest_max_stall_ms: Number(maxStallMs.toFixed(1)),
    histogram_1m_ms: Number(median(histograms).toFixed(1)),
    stored_lines: STORED,
  }),
);
