// Charts pinned from the metric explorer to the dashboard, kept in <data dir>/pins.json so they
// survive restarts. Written to a temporary file and renamed, so a crash never leaves half a file.
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewPin, Pin } from '../../shared/api';
import { InputError } from '../../shared/errors';
import { checked, newPinInput, pinIdInput } from '../../shared/inputs';

const MAX_PINS = 100;

export class PinStore {
  private pins: Pin[] = [];
  private readonly file: string | null;

  /** dataDir null keeps pins in memory only. `notice` receives problems worth showing. */
  constructor(dataDir: string | null, notice: (line: string) => void) {
    this.file = dataDir ? join(dataDir, 'pins.json') : null;
    if (!this.file) return;
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(raw)) throw new Error('not a list');
      this.pins = raw.map((p: Pin) => ({ ...checked(newPinInput, p), id: checked(pinIdInput, p.id), createdAt: Number(p.createdAt) || 0 }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      const aside = `${this.file}.broken-${Date.now()}`;
      try {
        renameSync(this.file, aside);
      } catch {
        // leave it; it will be overwritten on the next save
      }
      notice(`${this.file}: could not read pinned charts (${(err as Error).message}); moved aside to ${aside}`);
    }
  }

  list(): Pin[] {
    return this.pins.map((p) => ({ ...p }));
  }

  /** `input` is checked by the API (the contract's newPin schema). */
  add(input: NewPin): Pin {
    const pin: Pin = { ...input, id: randomUUID().slice(0, 8), createdAt: Date.now() };
    if (this.pins.length >= MAX_PINS) throw new InputError(`at most ${MAX_PINS} pinned charts; remove one first`);
    this.pins.push(pin);
    this.save();
    return { ...pin };
  }

  remove(id: string): void {
    const before = this.pins.length;
    this.pins = this.pins.filter((p) => p.id !== id);
    if (this.pins.length === before) throw new InputError(`no pinned chart with id ${id}`);
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.pins, null, 2));
    renameSync(tmp, this.file);
  }
}
