import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../src-main/core/bundle/redact';

const redactor = (pseudonyms = false) => new Redactor({ pseudonyms, home: '/home/alice', hostnames: ['gpu-box'], username: 'alice' });

describe('redaction', () => {
  it.each([
    ['Authorization: Bearer abcdefghijklmnop1234', 'Authorization: [REDACTED:secret] [REDACTED:credentials]'],
    ['curl -H "Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l"', 'curl -H "Authorization: [REDACTED:secret] [REDACTED:credentials]"'],
    ['got Bearer abcdefghijklmnop1234 from', 'got Bearer [REDACTED:credentials] from'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end', 'jwt [REDACTED:jwt] end'],
    ['url https://bob:hunter2@example.org/metrics', 'url https://[REDACTED:credentials]@example.org/metrics'],
    ['key sk-proj-abcdefghijklmnopqrstuvwx', 'key [REDACTED:api-key]'],
    ['aws AKIAIOSFODNN7EXAMPLE', 'aws [REDACTED:api-key]'],
    ['gh ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'gh [REDACTED:api-key]'],
    ['?api_key=12345&x=1', '?api_key=[REDACTED:secret]&x=1'],
    ['{"password": "hunter2"}', '{"password": "[REDACTED:secret]"}'],
    ['mail alice@example.org now', 'mail [REDACTED:email] now'],
    ['-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----', '[REDACTED:pem]'],
    ['log at /home/alice/.assistant/logs', 'log at ~/.assistant/logs'],
  ])('text %j', (input, output) => {
    expect(redactor().text(input)).toBe(output);
  });

  it('replaces values of secret-named keys whatever they look like, and conversation text entirely', () => {
    const r = redactor();
    expect(r.json({ scrape: [{ bearerToken: 'x', basicAuth: { username: 'u', password: 'p' }, headers: { 'X-Api-Key': 'k', Accept: 'text/plain' } }], prompt: 'what is my bank PIN', tokens_total: 12 })).toEqual({
      scrape: [{ bearerToken: '[REDACTED:secret]', basicAuth: { username: 'u', password: '[REDACTED:secret]' }, headers: { 'X-Api-Key': '[REDACTED:secret]', Accept: 'text/plain' } }],
      prompt: '[REDACTED:conversation]',
      tokens_total: 12,
    });
    expect(r.counts).toMatchObject({ 'secret-key': 3, conversation: 1 });
  });

  it('gives host names, IP addresses and the user stable pseudonyms when asked, keeping the mapping', () => {
    const r = redactor(true);
    expect(r.text('gpu-box 10.0.0.7 alice 127.0.0.1 10.0.0.7 gpu-box')).toBe('host-1 ip-1 user-1 127.0.0.1 ip-1 host-1');
    expect(r.mapping).toEqual({ 'host-1': 'gpu-box', 'ip-1': '10.0.0.7', 'user-1': 'alice' });
    expect(redactor(false).text('gpu-box 10.0.0.7')).toBe('gpu-box 10.0.0.7');
  });
});
