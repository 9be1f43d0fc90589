// The journal holds the samples of the open chunk window, one row per flush, so a crash loses at
// most the last flush interval. Encoding: base time, then per sample (series id, time offset,
// float64 value).
export interface JournalSample {
  id: number;
  t: number;
  v: number;
}

export function encodeJournal(samples: JournalSample[]): Uint8Array {
  const base = samples.reduce((m, s) => Math.min(m, s.t), Infinity);
  const buf = new Uint8Array(16 + samples.length * 24);
  const view = new DataView(buf.buffer);
  let pos = 0;
  const uvarint = (n: number) => {
    while (n >= 0x80) {
      buf[pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[pos++] = n;
  };
  uvarint(samples.length);
  uvarint(samples.length ? base : 0);
  for (const s of samples) {
    uvarint(s.id);
    uvarint(s.t - base);
    view.setFloat64(pos, s.v, true);
    pos += 8;
  }
  return buf.slice(0, pos);
}

export function decodeJournal(buf: Uint8Array): JournalSample[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const uvarint = () => {
    let n = 0;
    let mul = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('journal row truncated');
      const b = buf[pos++]!;
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 0x80;
    }
  };
  const count = uvarint();
  const base = uvarint();
  const out: JournalSample[] = [];
  for (let i = 0; i < count; i++) {
    const id = uvarint();
    const t = base + uvarint();
    if (pos + 8 > buf.length) throw new Error('journal row truncated');
    out.push({ id, t, v: view.getFloat64(pos, true) });
    pos += 8;
  }
  return out;
}
