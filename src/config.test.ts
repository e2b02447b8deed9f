import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for the embedded start', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ http: { host: '127.0.0.1', port: 8080 }, dns: { host: '127.0.0.1', port: 5353 }, databaseUrl: null, adminPassword: null });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it.each([
    [{ LACHAN_HTTP_ADDR: '8080' }, /LACHAN_HTTP_ADDR='8080' không hợp lệ/],
    [{ LACHAN_HTTP_ADDR: '127.0.0.1:99999' }, /LACHAN_HTTP_ADDR/],
    [{ LACHAN_DNS_ADDR: 'bad host:53' }, /LACHAN_DNS_ADDR/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://user:s3cret@/nodb' }, /^DATABASE_URL='postgres:\/\/user:\*\*\*@\/nodb'/], // never echoes a password
    [{ LACHAN_ADMIN_PASSWORD: 'short' }, /LACHAN_ADMIN_PASSWORD/],
    [{ LACHAN_LOG_LEVEL: 'loud' }, /LACHAN_LOG_LEVEL/],
    [{ LACHAN_SECRET_KEY: 'abc' }, /LACHAN_SECRET_KEY/],
    [{ LACHAN_SMTP_URL: 'http://mail.example' }, /LACHAN_SMTP_URL/],
    [{ LACHAN_SMTP_URL: 'smtp://user:hunter2@' }, /^LACHAN_SMTP_URL='smtp:\/\/user:\*\*\*@'/],
    [{ LACHAN_MAIL_FROM: 'not an address' }, /LACHAN_MAIL_FROM/],
    [{ LACHAN_INTAKE_IP_LIMIT: '0' }, /LACHAN_INTAKE_IP_LIMIT/],
    [{ LACHAN_HTTP_RATE_LIMIT: 'lots' }, /LACHAN_HTTP_RATE_LIMIT/],
    [{ LACHAN_INTAKE_GLOBAL_LIMIT: '1e9' }, /LACHAN_INTAKE_GLOBAL_LIMIT/],
    [{ LACHAN_DNS_UPSTREAMS: '1.1.1.1:53,resolver.example:53' }, /LACHAN_DNS_UPSTREAMS/],
    [{ LACHAN_DNS_UPSTREAMS: ',' }, /LACHAN_DNS_UPSTREAMS/],
    [{ LACHAN_BLOCKPAGE_IPV4: '::1' }, /LACHAN_BLOCKPAGE_IPV4/],
    [{ LACHAN_BLOCKPAGE_IPV6: '10.0.0.1' }, /LACHAN_BLOCKPAGE_IPV6/],
    [{ LACHAN_DNS_METRICS_ADDR: '9100' }, /LACHAN_DNS_METRICS_ADDR/],
    [{ LACHAN_DNS_RATE_LIMIT: '-1' }, /LACHAN_DNS_RATE_LIMIT/],
    [{ LACHAN_DNS_UDP: 'fast' }, /LACHAN_DNS_UDP='fast' không hợp lệ/],
    [{ LACHAN_DOH_ADDR: '0.0.0.0:443' }, /LACHAN_DOH_ADDR \/ LACHAN_DOT_ADDR cần LACHAN_TLS_CERT/],
    [{ LACHAN_DOT_ADDR: '0.0.0.0:853', LACHAN_TLS_CERT: '/nonexistent/cert.pem', LACHAN_TLS_KEY: '/nonexistent/key.pem' }, /LACHAN_TLS_CERT='\/nonexistent/],
    [{ LACHAN_DOT_ADDR: '853', LACHAN_TLS_CERT: os.tmpdir(), LACHAN_TLS_KEY: os.tmpdir() }, /LACHAN_DOT_ADDR='853'/],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('reads the filter and reporting-centre settings', () => {
    const c = loadConfig({
      LACHAN_DNS_UPSTREAMS: '1.1.1.1:53, [2606:4700:4700::1111]:53,9.9.9.9',
      LACHAN_DNS_RATE_LIMIT: '0',
      LACHAN_BLOCKPAGE_IPV4: '10.0.0.5',
      LACHAN_SMTP_URL: 'smtps://u:p@mail.example:465',
      LACHAN_INTAKE_IP_LIMIT: '1000000',
    });
    expect(c.filter).toMatchObject({ upstreams: ['1.1.1.1:53', '[2606:4700:4700::1111]:53', '9.9.9.9'], rateLimitQps: 0, blockpageIpv4: '10.0.0.5' });
    expect(c.smtpUrl).toBe('smtps://u:p@mail.example:465');
    expect(c.intakeIpLimit).toBe(1_000_000);
    expect(loadConfig({}).httpRateLimit).toBe(600);
    expect(loadConfig({}).filter.udp).toBe('auto');
    expect(loadConfig({ LACHAN_DNS_UDP: 'dgram' }).filter.udp).toBe('dgram');
  });

  it('turns DNS-over-HTTPS/TLS on only when an address is given, with both PEM files', () => {
    expect(loadConfig({}).filter.encrypted).toBeNull();
    const pem = path.join(os.tmpdir(), `lachan-config-test-${process.pid}.pem`);
    writeFileSync(pem, 'not checked here: the listener reads it at start');
    expect(loadConfig({ LACHAN_DOT_ADDR: '[::]:853', LACHAN_TLS_CERT: pem, LACHAN_TLS_KEY: pem }).filter.encrypted).toEqual({
      doh: null,
      dot: { host: '::', port: 853 },
      certFile: pem,
      keyFile: pem,
    });
  });

  it('speaks English when asked', () => {
    expect(() => loadConfig({ LACHAN_LANG: 'en', LACHAN_HTTP_ADDR: 'nope' })).toThrow(/is invalid: expected host:port/);
  });

  it('accepts IPv6 addresses and reads a config file, the environment winning', () => {
    const file = path.join(os.tmpdir(), `lachan-config-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ LACHAN_HTTP_ADDR: '[::1]:9000', LACHAN_DNS_ADDR: '127.0.0.1:53' }));
    const c = loadConfig({ LACHAN_DNS_ADDR: '127.0.0.1:5300' }, file);
    expect(c.http).toEqual({ host: '::1', port: 9000 });
    expect(c.dns.port).toBe(5300);
    writeFileSync(file, JSON.stringify({ LACHAN_HTTP_PORT: '1' }));
    expect(() => loadConfig({}, file)).toThrow(/LACHAN_HTTP_PORT/);
    writeFileSync(file, '{ not json');
    expect(() => loadConfig({}, file)).toThrow(ConfigError);
  });
});
