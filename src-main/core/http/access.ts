// Who may talk to the HTTP server: Host-header check against DNS rebinding, and the session token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

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

/**
 * A browser on this machine sends `Host: localhost:PORT` (or the loopback address). Anything
 * else is a page on another origin whose DNS now points here (DNS rebinding), so it is refused.
 * When bound to a specific non-loopback address, that address is accepted too.
 */
export function hostAllowed(hostHeader: string | undefined, bindHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const names = new Set(LOOPBACK_NAMES);
  if (bindHost !== '0.0.0.0' && bindHost !== '::') names.add(hostForUrl(bindHost).toLowerCase());
  const header = hostHeader.toLowerCase();
  for (const name of names) {
    if (header === `${name}:${port}`) return true;
    if (port === 80 && header === name) return true;
  }
  return false;
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

/** True when the request carries the token as a bearer header or cookie. */
export function hasToken(req: IncomingMessage, token: string, port: number): boolean {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && sameToken(auth.slice(7).trim(), token)) return true;
  const cookie = cookieValue(req.headers.cookie, cookieName(port));
  return cookie !== null && sameToken(cookie, token);
}

export function tokenMatches(given: string | null, token: string): boolean {
  return given !== null && sameToken(given, token);
}
