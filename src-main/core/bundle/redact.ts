// Redaction for the diagnostics bundle. It fails closed: what it cannot read as text or JSON is
// not included, a setting whose name sounds secret is replaced whatever its value, and values
// that look like credentials are replaced wherever they appear. Counts per rule go to the
// manifest so the user sees what was taken out.
import { homedir, hostname, userInfo } from 'node:os';

/** Keys whose values never leave the machine, matched case-insensitively as substrings. */
const SECRET_KEYS = ['password', 'passwd', 'secret', 'token', 'api_key', 'apikey', 'api-key', 'authorization', 'cookie', 'private_key', 'privatekey', 'credential', 'session'];
/** Keys that hold what users said to the assistant and what it answered: never included. */
const CONVERSATION_KEYS = ['prompt', 'response', 'completion', 'messages', 'transcript', 'input_text', 'output_text'];

interface Pattern {
  rule: string;
  re: RegExp;
  replace: string;
}

/** Order matters: whole PEM blocks and URLs first, then tokens inside what is left. */
const PATTERNS: Pattern[] = [
  { rule: 'pem', re: /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, replace: '[REDACTED:pem]' },
  { rule: 'url-credentials', re: /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, replace: '$1[REDACTED:credentials]@' },
  { rule: 'bearer', re: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, replace: '$1 [REDACTED:credentials]' },
  { rule: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, replace: '[REDACTED:jwt]' },
  {
    rule: 'api-key',
    re: /\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|hf_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,})\b/g,
    replace: '[REDACTED:api-key]',
  },
  // key=value and "key": "value" inside free text (query strings, logfmt, embedded JSON).
  {
    rule: 'secret-field',
    re: /((?:password|passwd|secret|token|api[_-]?key|authorization|cookie)["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi,
    replace: '$1[REDACTED:secret]',
  },
  { rule: 'email', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, replace: '[REDACTED:email]' },
];

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;

export interface RedactorOptions {
  /** Replace host names, IP addresses and the user name by stable pseudonyms (mapping kept outside the zip). */
  pseudonyms?: boolean;
  home?: string;
  hostnames?: string[];
  username?: string;
}

export class Redactor {
  readonly counts: Record<string, number> = {};
  /** Pseudonym -> original, to keep beside (never inside) the bundle. */
  readonly mapping: Record<string, string> = {};
  private readonly byOriginal = new Map<string, string>();
  private readonly home: string;
  private readonly hostnames: string[];
  private readonly username: string;

  constructor(private readonly options: RedactorOptions = {}) {
    this.home = options.home ?? homedir();
    this.hostnames = options.hostnames ?? [hostname()];
    this.username = options.username ?? userInfo().username;
  }

  private count(rule: string, n = 1): void {
    this.counts[rule] = (this.counts[rule] ?? 0) + n;
  }

  private pseudonym(kind: string, original: string): string {
    let p = this.byOriginal.get(`${kind}:${original}`);
    if (!p) {
      p = `${kind}-${Object.keys(this.mapping).filter((k) => k.startsWith(`${kind}-`)).length + 1}`;
      this.byOriginal.set(`${kind}:${original}`, p);
      this.mapping[p] = original;
    }
    return p;
  }

  text(input: string): string {
    let out = input;
    for (const p of PATTERNS) {
      out = out.replace(p.re, (...m: string[]) => {
        this.count(p.rule);
        return p.replace.replace(/\$(\d)/g, (_x, i: string) => m[Number(i)] ?? '');
      });
    }
    if (this.home.length > 1) {
      const parts = out.split(this.home);
      if (parts.length > 1) {
        this.count('home-path', parts.length - 1);
        out = parts.join('~');
      }
    }
    if (this.options.pseudonyms) {
      for (const name of this.hostnames) {
        if (!name) continue;
        const parts = out.split(name);
        if (parts.length > 1) {
          this.count('hostname', parts.length - 1);
          out = parts.join(this.pseudonym('host', name));
        }
      }
      out = out.replace(IPV4, (ip) => {
        if (ip.startsWith('127.') || ip === '0.0.0.0') return ip;
        this.count('ip');
        return this.pseudonym('ip', ip);
      });
      if (this.username.length > 2) {
        const re = new RegExp(`\\b${this.username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
        out = out.replace(re, () => {
          this.count('username');
          return this.pseudonym('user', this.username);
        });
      }
    }
    return out;
  }

  /** A JSON value with secret-named keys replaced and every string redacted as text. */
  json(value: unknown, key = ''): unknown {
    const lower = key.toLowerCase();
    if (CONVERSATION_KEYS.some((k) => lower === k || lower.endsWith(`_${k}`))) {
      this.count('conversation');
      return '[REDACTED:conversation]';
    }
    if (SECRET_KEYS.some((k) => lower.includes(k)) && value !== null && typeof value !== 'boolean' && typeof value !== 'number') {
      this.count('secret-key');
      return '[REDACTED:secret]';
    }
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.json(v, k);
      return out;
    }
    return value;
  }
}
