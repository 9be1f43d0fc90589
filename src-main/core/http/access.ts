// Who may talk to the HTTP server: Host-header check against DNS rebinding, and the session token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/** 32 random bytes (256 bits), URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Formats a bind address as it appears in a URL or Host header. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** What this machine calls itself: its interface addresses (first LAN IPv4 first) and its host name. */
export interface MachineNames {
  /** Non-loopback addresses, the one to print first. */
  addresses: string[];
  hostname: string;
}

export function machineNames(): MachineNames {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      // Browsers cannot open link-local IPv6 URLs (they need a zone id), so those come last.
      if (a.family === 'IPv4') v4.push(a.address);
      else if (a.address.toLowerCase().startsWith('fe80:')) v6.push(a.address);
      else v6.unshift(a.address);
    }
  }
  return { addresses: [...v4, ...v6], hostname: hostname() };
}

/**
 * `--allow-host NAME` / `server.allowedHosts`: a DNS name or an IP address, without port or
 * scheme. Returns it as it appears in a Host header (lower case, IPv6 in brackets); throws with
 * the reason otherwise.
 */
export function parseAllowedHost(name: string): string {
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  if (isIP(bare) === 6) return `[${bare.toLowerCase()}]`;
  if (isIP(bare) === 4) return bare;
  if (/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(name)) return name.toLowerCase().replace(/\.$/, '');
  throw new Error(`${JSON.stringify(name)} is not a host name or IP address (give the name only, without scheme or port, e.g. "monitor.home.lan")`);
}

export interface HostPolicyOptions {
  bindHost: string;
  /** Names the user vouched for (--allow-host); accepted whatever the bind address. */
  allowedHosts?: readonly string[];
  /** Reads this machine's addresses and name; re-read when a Host is not known (DHCP, Wi-Fi). */
  machine?: () => MachineNames;
}

export interface HostPolicy {
  allows(hostHeader: string | undefined, port: number): boolean;
  /** The host to print in the URL: the bound address, or for a wildcard bind the first LAN address. */
  urlHost(): string;
}

function splitHostHeader(header: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header);
  return m ? { name: m[1]!.toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) } : null;
}

/**
 * A browser on this machine sends `Host: localhost:PORT` (or the loopback address). A page on
 * another origin whose DNS now points here (DNS rebinding) sends its own name, so it is refused.
 * Bound beyond loopback, the machine's own addresses and host name (also `NAME.local`, as mDNS
 * announces it) are accepted too: those are what a browser on the LAN sends. Names in
 * `allowedHosts` are accepted on any port, because a reverse proxy in front may listen on another.
 */
export function hostPolicy(options: HostPolicyOptions): HostPolicy {
  const { bindHost } = options;
  const readMachine = options.machine ?? machineNames;
  const allowed = new Set((options.allowedHosts ?? []).map(parseAllowedHost));
  const beyondLoopback = !isLoopback(bindHost);
  let own = new Set<string>();

  const refresh = () => {
    const names = new Set(LOOPBACK_NAMES);
    if (!isWildcard(bindHost)) names.add(hostForUrl(bindHost).toLowerCase());
    if (beyondLoopback) {
      const machine = readMachine();
      // A specific address serves only that address; a wildcard bind serves all of them.
      if (isWildcard(bindHost)) for (const a of machine.addresses) names.add(hostForUrl(a).toLowerCase());
      const host = machine.hostname.toLowerCase();
      if (host) {
        const short = host.split('.')[0]!;
        for (const n of [host, short, `${short}.local`]) names.add(n);
      }
    }
    own = names;
  };

  refresh();
  const known = (name: string, headerPort: number | null, port: number) =>
    allowed.has(name) || (own.has(name) && (headerPort === port || (headerPort === null && port === 80)));

  return {
    allows(hostHeader, port) {
      const parsed = hostHeader ? splitHostHeader(hostHeader) : null;
      if (!parsed) return false;
      if (known(parsed.name, parsed.port, port)) return true;
      if (!beyondLoopback) return false;
      // Addresses change (DHCP, a new network); reading them again is one cheap system call.
      refresh();
      return known(parsed.name, parsed.port, port);
    },
    urlHost() {
      if (!isWildcard(bindHost)) return hostForUrl(bindHost);
      const first = readMachine().addresses[0];
      return first ? hostForUrl(first) : '127.0.0.1';
    },
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookie name carries the port: cookies ignore ports, and two monitors may run side by side. */
export function cookieName(port: number): string {
  return `am_token_${port}`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The token of an `Authorization: Bearer TOKEN` header, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  // The auth scheme is case-insensitive (RFC 9110 §11.1): curl users write "bearer" too.
  return /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
}

/** True when the request carries the token as a bearer header or cookie. */
export function hasToken(req: IncomingMessage, token: string, port: number): boolean {
  if (tokenMatches(bearerToken(req), token)) return true;
  const cookie = cookieValue(req.headers.cookie, cookieName(port));
  return cookie !== null && sameToken(cookie, token);
}

export function tokenMatches(given: string | null, token: string): boolean {
  return given !== null && sameToken(given, token);
}
