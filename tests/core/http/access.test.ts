import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieName, hasToken, hostPolicy, newToken, parseAllowedHost, type MachineNames } from '../../../src-main/core/http/access';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('HTTP access checks', () => {
  it('makes tokens of 256 random bits, never the same twice', () => {
    const a = newToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(a);
  });

  const lan: MachineNames = { addresses: ['192.0.2.7', 'fd00::7', 'fe80::7'], hostname: 'monitor-box.home.lan' };
  const allows = (bindHost: string, header: string | undefined, port = 8740, extra: Partial<Parameters<typeof hostPolicy>[0]> = {}) =>
    hostPolicy({ bindHost, machine: () => lan, ...extra }).allows(header, port);

  it('accepts loopback Host headers with the right port only', () => {
    for (const h of ['localhost:8740', '127.0.0.1:8740', '[::1]:8740', 'LOCALHOST:8740']) expect(allows('127.0.0.1', h)).toBe(true);
    for (const h of ['evil.example', 'evil.example:8740', 'localhost:8741', 'localhost', '127.0.0.1.evil.example:8740', '', '192.0.2.7:8740', 'monitor-box:8740']) {
      expect(allows('127.0.0.1', h)).toBe(false);
    }
    expect(allows('127.0.0.1', undefined)).toBe(false);
  });

  it('accepts a bare host name only on port 80', () => {
    expect(allows('127.0.0.1', 'localhost', 80)).toBe(true);
  });

  it('accepts the bound address when bound to a specific interface, never the wildcard itself', () => {
    expect(allows('192.168.1.5', '192.168.1.5:8740')).toBe(true);
    expect(allows('192.168.1.5', '192.0.2.7:8740')).toBe(false);
    expect(allows('0.0.0.0', '0.0.0.0:8740')).toBe(false);
  });

  it('bound to every interface, accepts this machine’s addresses and names but still refuses foreign names', () => {
    for (const h of ['192.0.2.7:8740', '[fd00::7]:8740', '[FE80::7]:8740', 'monitor-box.home.lan:8740', 'monitor-box:8740', 'monitor-box.local:8740', 'localhost:8740']) {
      expect(allows('0.0.0.0', h), h).toBe(true);
      expect(allows('::', h), h).toBe(true);
    }
    for (const h of ['evil.example:8740', '192.0.2.8:8740', '192.0.2.7:8741', 'monitor-box.evil.example:8740', '192.0.2.7.nip.io:8740']) {
      expect(allows('0.0.0.0', h), h).toBe(false);
    }
  });

  it('reads the machine’s addresses again when an unknown one arrives (a new DHCP lease)', () => {
    let machine = lan;
    const policy = hostPolicy({ bindHost: '0.0.0.0', machine: () => machine });
    expect(policy.allows('10.1.2.3:8740', 8740)).toBe(false);
    machine = { ...lan, addresses: ['10.1.2.3'] };
    expect(policy.allows('10.1.2.3:8740', 8740)).toBe(true);
  });

  it('accepts --allow-host names on any port (a reverse proxy may listen elsewhere), loopback bind included', () => {
    const extra = { allowedHosts: ['Monitor.Example.org', '2001:db8::1'] };
    for (const h of ['monitor.example.org', 'monitor.example.org:443', 'MONITOR.example.org:8740', '[2001:db8::1]:8740']) expect(allows('127.0.0.1', h, 8740, extra), h).toBe(true);
    expect(allows('0.0.0.0', 'other.example.org:8740', 8740, extra)).toBe(false);
  });

  it('prints the first LAN address for a wildcard bind, the bound address otherwise', () => {
    expect(hostPolicy({ bindHost: '0.0.0.0', machine: () => lan }).urlHost()).toBe('192.0.2.7');
    expect(hostPolicy({ bindHost: '::', machine: () => ({ addresses: ['fd00::7'], hostname: 'x' }) }).urlHost()).toBe('[fd00::7]');
    expect(hostPolicy({ bindHost: '0.0.0.0', machine: () => ({ addresses: [], hostname: 'x' }) }).urlHost()).toBe('127.0.0.1');
    expect(hostPolicy({ bindHost: '192.168.1.5', machine: () => lan }).urlHost()).toBe('192.168.1.5');
  });

  it('takes allowed host names without scheme or port, saying why otherwise', () => {
    expect(parseAllowedHost('Monitor.Home.Lan.')).toBe('monitor.home.lan');
    expect(parseAllowedHost('[::1]')).toBe('[::1]');
    expect(parseAllowedHost('10.0.0.2')).toBe('10.0.0.2');
    for (const bad of ['http://monitor.lan', 'monitor.lan:8740', '', 'a b', '*.lan']) {
      expect(() => parseAllowedHost(bad)).toThrow(/is not a host name or IP address \(give the name only/);
    }
  });

  it('takes the token from a bearer header or this port’s cookie', () => {
    const token = newToken();
    expect(hasToken(req({ authorization: `Bearer ${token}` }), token, 8740)).toBe(true);
    expect(hasToken(req({ authorization: `bearer ${token}` }), token, 8740)).toBe(true);
    expect(hasToken(req({ authorization: `BEARER  ${token}` }), token, 8740)).toBe(true);
    expect(hasToken(req({ cookie: `other=1; ${cookieName(8740)}=${token}` }), token, 8740)).toBe(true);
    expect(hasToken(req({ cookie: `${cookieName(9999)}=${token}` }), token, 8740)).toBe(false);
    expect(hasToken(req({ authorization: `Bearer ${token}x` }), token, 8740)).toBe(false);
    expect(hasToken(req({ authorization: `Basic ${token}` }), token, 8740)).toBe(false);
    expect(hasToken(req({}), token, 8740)).toBe(false);
  });
});
