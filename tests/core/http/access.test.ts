import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieName, hasToken, hostAllowed, newToken } from '../../../src-main/core/http/access';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('HTTP access checks', () => {
  it('makes tokens of 256 random bits, never the same twice', () => {
    const a = newToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(a);
  });

  it('accepts loopback Host headers with the right port only', () => {
    for (const h of ['localhost:8740', '127.0.0.1:8740', '[::1]:8740', 'LOCALHOST:8740']) expect(hostAllowed(h, '127.0.0.1', 8740)).toBe(true);
    for (const h of ['evil.example', 'evil.example:8740', 'localhost:8741', 'localhost', '127.0.0.1.evil.example:8740', '']) {
      expect(hostAllowed(h, '127.0.0.1', 8740)).toBe(false);
    }
    expect(hostAllowed(undefined, '127.0.0.1', 8740)).toBe(false);
  });

  it('accepts a bare host name only on port 80', () => {
    expect(hostAllowed('localhost', '127.0.0.1', 80)).toBe(true);
  });

  it('accepts the bound address when bound to a specific interface, never for a wildcard bind', () => {
    expect(hostAllowed('192.168.1.5:8740', '192.168.1.5', 8740)).toBe(true);
    expect(hostAllowed('0.0.0.0:8740', '0.0.0.0', 8740)).toBe(false);
  });

  it('takes the token from a bearer header or this port’s cookie', () => {
    const token = newToken();
    expect(hasToken(req({ authorization: `Bearer ${token}` }), token, 8740)).toBe(true);
    expect(hasToken(req({ cookie: `other=1; ${cookieName(8740)}=${token}` }), token, 8740)).toBe(true);
    expect(hasToken(req({ cookie: `${cookieName(9999)}=${token}` }), token, 8740)).toBe(false);
    expect(hasToken(req({ authorization: `Bearer ${token}x` }), token, 8740)).toBe(false);
    expect(hasToken(req({ authorization: `Basic ${token}` }), token, 8740)).toBe(false);
    expect(hasToken(req({}), token, 8740)).toBe(false);
  });
});
