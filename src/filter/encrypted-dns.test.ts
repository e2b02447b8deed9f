import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { newId } from '../shared/ids.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { centreSchools, printEncryptedAddresses, runEncryptedAddresses } from './encrypted-addresses.js';
import { type FilterService, startFilterService } from './service.js';
import { serve } from './standalone.js';
import { seedFilter } from './store.js';
import { kdig } from './testing/kdig.js';
import { selfSignedCertificate } from './testing/self-signed.js';
import { type StubUpstream, startStubUpstream } from './testing/stub-upstream.js';

/** The first name of the bundled hostsVN adult list: blocked for every band by the seeded policy. */
const BUNDLED_ADULT = readFileSync(path.resolve(__dirname, '../../seed/blocklists/hostsVN/extensions_adult_domain.txt'), 'utf8')
  .split('\n')
  .find((l) => l.trim() && !l.startsWith('#'))!
  .trim();

describeEachDb('DoH and DoT under npm start: the demo school answers as over UDP', (db) => {
  let t: TestApp;
  let up: StubUpstream;
  let dns: FilterService;
  let cert: ReturnType<typeof selfSignedCertificate>;
  let school: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp(db());
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    school = await db().kysely.selectFrom('schools').select(['id', 'code']).where('code', '=', 'DEMO-TH-01').executeTakeFirstOrThrow();
    up = await startStubUpstream({ 'www.example.test': [{ type: 'A', data: '192.0.2.10', ttl: 120 }] });
    cert = selfSignedCertificate();
    // the settings as an operator writes them: through the configuration's checks
    const cfg = loadConfig({
      LACHAN_DATA_DIR: t.deps.config.dataDir,
      LACHAN_DOH_ADDR: '127.0.0.1:0',
      LACHAN_DOT_ADDR: '127.0.0.1:0',
      LACHAN_TLS_CERT: cert.certFile,
      LACHAN_TLS_KEY: cert.keyFile,
    });
    dns = await startFilterService({
      db: db(),
      dataDir: t.deps.config.dataDir,
      host: '127.0.0.1',
      port: 0,
      upstreams: [up.addr],
      rateLimitQps: 0,
      encrypted: cfg.filter.encrypted,
    });
  }, 60_000);
  afterAll(async () => {
    await dns?.close();
    await up?.close();
    cert?.remove();
    await t?.close();
  });

  it('gives the demo primary school the same answers over DoH (POST, GET) and DoT as over UDP from its network', async () => {
    const enc = dns.encrypted!;
    expect(enc.doh && enc.dot).toBeTruthy();
    const dohPath = enc.addresses.dohPath(school, 'primary');
    expect(dohPath).toMatch(/^\/dns-query\/DEMO-TH-01\/primary\/[a-z2-7]{13}$/);
    const sni = `${enc.addresses.dotLabel(school, 'primary')}.dot.test`;
    for (const name of [BUNDLED_ADULT, `www.${BUNDLED_ADULT}`, 'www.example.test']) {
      // 127.0.0.1 is the demo primary school's network (seeded)
      const viaUdp = await kdig('127.0.0.1', dns.server.address.port, name);
      expect(await kdig('127.0.0.1', enc.doh!.port, name, `+https=${dohPath}`), `${name} DoH POST`).toEqual(viaUdp);
      expect(await kdig('127.0.0.1', enc.doh!.port, name, `+https=${dohPath}`, '+https-get'), `${name} DoH GET`).toEqual(viaUdp);
      expect(await kdig('127.0.0.1', enc.dot!.port, name, '+tls', `+tls-sni=${sni}`), `${name} DoT`).toEqual(viaUdp);
    }
    // and the decisions are what the seeded policy says
    expect((await kdig('127.0.0.1', enc.doh!.port, BUNDLED_ADULT, `+https=${dohPath}`)).ede).toContain('lachan: adult');
    expect((await kdig('127.0.0.1', enc.dot!.port, 'www.example.test', '+tls', `+tls-sni=${sni}`)).answers).toEqual(['www.example.test. A 192.0.2.10']);
  });

  it('prints the addresses (lachan filter addresses) that the listeners answer at', async () => {
    const cfg = {
      ...t.deps.config,
      filter: { ...t.deps.config.filter, encrypted: { doh: dns.encrypted!.doh, dot: dns.encrypted!.dot, certFile: cert.certFile, keyFile: cert.keyFile } },
    };
    const printed: string[] = [];
    const say = (_vi: string, en: string) => en;
    expect(printEncryptedAddresses(cfg, { school: 'demo-th-01', band: 'primary', dotSuffix: 'dot.test' }, say, (s) => printed.push(s))).toBe(0);
    const [, row] = printed.join('').split('\n');
    const [code, band, url, name] = row!.split('\t');
    // the band by name, not its code (lower_secondary is not a word a school's IT knows)
    expect([code, band]).toEqual(['DEMO-TH-01', 'Primary']);
    expect(url).toBe(`https://127.0.0.1:${dns.encrypted!.doh!.port}${dns.encrypted!.addresses.dohPath(school, 'primary')}`);
    const blocked = await kdig('127.0.0.1', dns.encrypted!.doh!.port, BUNDLED_ADULT, `+https=${new URL(url!).pathname}`);
    expect(blocked.status).toBe('NXDOMAIN');
    expect((await kdig('127.0.0.1', dns.encrypted!.dot!.port, BUNDLED_ADULT, '+tls', `+tls-sni=${name}`)).status).toBe('NXDOMAIN');
    expect(printEncryptedAddresses(cfg, { school: 'NO-SUCH' }, say, () => {})).toBe(1);
    const vi: string[] = [];
    expect(
      printEncryptedAddresses(
        cfg,
        { school: 'demo-th-01', band: 'lower-secondary' },
        (v) => v,
        (s) => vi.push(s),
      ),
    ).toBe(0);
    expect(vi.join('').split('\n')[1]!.split('\t')[1]).toBe('Trung học cơ sở');
    expect(vi.join('')).not.toMatch(/lower_secondary|lower-secondary\t/);
  });

  it('serves a school with no network or rule yet at its printed addresses (a school-issued tablet before the school has a network), and says when a school is newer than the served policy', async () => {
    const cfg = {
      ...t.deps.config,
      filter: { ...t.deps.config.filter, encrypted: { doh: dns.encrypted!.doh, dot: dns.encrypted!.dot, certFile: cert.certFile, keyFile: cert.keyFile } },
    };
    const say = (_vi: string, en: string) => en;
    const bare = await db().kysely.selectFrom('schools').select(['id', 'code']).where('code', '=', 'DEMO-THCS-01').executeTakeFirstOrThrow();
    expect(await db().kysely.selectFrom('filter_networks').select('cidr').where('school_id', '=', bare.id).execute()).toEqual([]);
    expect(await db().kysely.selectFrom('filter_school_rules').select('school_id').where('school_id', '=', bare.id).execute()).toEqual([]);
    // the served policy lists every school (QA issue 16: it listed only those with a network or rule)
    const fromSnapshot: string[] = [];
    expect(printEncryptedAddresses(cfg, { school: 'DEMO-THCS-01', dotSuffix: 'dot.test' }, say, (s) => fromSnapshot.push(s))).toBe(0);
    const printed: string[] = [];
    const code = await runEncryptedAddresses(
      cfg,
      { school: 'demo-thcs-01', dotSuffix: 'dot.test' },
      say,
      (s) => printed.push(s),
      () => centreSchools(db().kysely, 'demo-thcs-01'),
    );
    expect(code).toBe(0);
    expect(printed.join('')).toBe(fromSnapshot.join(''));
    const rows = printed
      .join('')
      .split('\n')
      .slice(1, 6)
      .map((l) => l.split('\t'));
    expect(rows.map((r) => r[0])).toEqual(Array(5).fill('DEMO-THCS-01'));
    expect(rows.map((r) => r[2])).toEqual(
      (['kindergarten', 'primary', 'lower_secondary', 'upper_secondary', 'staff'] as const).map(
        (b) => `https://127.0.0.1:${dns.encrypted!.doh!.port}${dns.encrypted!.addresses.dohPath(bare, b)}`,
      ),
    );
    // and the listeners answer there, with the band's decisions
    const lower = rows[2]!;
    const dohPath = new URL(lower[2]!).pathname;
    expect((await kdig('127.0.0.1', dns.encrypted!.doh!.port, BUNDLED_ADULT, `+https=${dohPath}`)).ede).toContain('lachan: adult');
    expect((await kdig('127.0.0.1', dns.encrypted!.dot!.port, 'www.example.test', '+tls', `+tls-sni=${lower[3]}`)).answers).toEqual([
      'www.example.test. A 192.0.2.10',
    ]);
    // a school registered after the policy was last published: its addresses are printed, with why they do not answer yet
    const later = { id: newId(), code: 'QA-LATER-01' };
    const now = new Date().toISOString();
    const unit = await db().kysely.selectFrom('schools').select('unit_id').where('id', '=', bare.id).executeTakeFirstOrThrow();
    await db()
      .kysely.insertInto('schools')
      .values({
        ...later,
        name: 'Trường mới',
        level: 'primary',
        unit_id: unit.unit_id,
        address: null,
        is_demo: 1,
        search_key: 'truong moi',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const newer: string[] = [];
    expect(
      await runEncryptedAddresses(
        cfg,
        { school: later.code },
        say,
        (s) => newer.push(s),
        () => centreSchools(db().kysely, later.code),
      ),
    ).toBe(0);
    expect(newer.join('')).toContain("QA-LATER-01: added after the filter's policy last changed, so not in the policy it serves yet");
    // a served school gets no such line
    const served: string[] = [];
    expect(
      await runEncryptedAddresses(
        cfg,
        { school: 'DEMO-TH-01' },
        say,
        (s) => served.push(s),
        () => centreSchools(db().kysely, 'DEMO-TH-01'),
      ),
    ).toBe(0);
    expect(served.join('')).not.toContain('not in the policy it serves yet');
    expect(
      served
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('DEMO-TH-01\t')),
    ).toHaveLength(5);
    // every school of the database without --school; an unknown one is still refused
    const all = await centreSchools(db().kysely);
    expect(all.map((s) => s.code)).toContain('DEMO-THCS-01');
    const none: string[] = [];
    expect(
      await runEncryptedAddresses(
        cfg,
        { school: 'NO-SUCH' },
        say,
        (s) => none.push(s),
        () => centreSchools(db().kysely, 'NO-SUCH'),
      ),
    ).toBe(1);
    expect(none.join('')).toBe("No school 'NO-SUCH'\n");
    // hostile --school values are values, not SQL or patterns
    for (const bad of ["x' OR '1'='1", '%', '_', 'DEMO-THCS-01%', '\u0000', 'a'.repeat(10_000)]) expect(await centreSchools(db().kysely, bad)).toEqual([]);
  });

  it('starts them in lachan filter too (standalone serve, from the snapshot on disk), at the same addresses', async () => {
    const cfg = loadConfig({
      LACHAN_DATA_DIR: t.deps.config.dataDir,
      LACHAN_DNS_ADDR: '127.0.0.1:0',
      LACHAN_DNS_UPSTREAMS: up.addr,
      LACHAN_DNS_RATE_LIMIT: '0',
      LACHAN_DOH_ADDR: '127.0.0.1:0',
      LACHAN_TLS_CERT: cert.certFile,
      LACHAN_TLS_KEY: cert.keyFile,
    });
    const lean = await serve(cfg, { lists: [], shared: false, metrics: false });
    try {
      expect(lean.encrypted?.dot).toBeNull();
      const dohPath = lean.encrypted!.addresses.dohPath(school, 'primary');
      expect(dohPath).toBe(dns.encrypted!.addresses.dohPath(school, 'primary'));
      for (const name of [BUNDLED_ADULT, 'www.example.test']) {
        const viaUdp = await kdig('127.0.0.1', lean.server.address.port, name);
        expect(await kdig('127.0.0.1', lean.encrypted!.doh!.port, name, `+https=${dohPath}`), name).toEqual(viaUdp);
      }
    } finally {
      await lean.close();
    }
  });

  it('keeps the address key in the data directory: the same addresses after a restart', async () => {
    const before = dns.encrypted!.addresses.dohPath(school, 'staff');
    const again = await startFilterService({
      db: db(),
      dataDir: t.deps.config.dataDir,
      host: '127.0.0.1',
      port: 0,
      upstreams: [up.addr],
      encrypted: { doh: { host: '127.0.0.1', port: 0 }, dot: null, certFile: cert.certFile, keyFile: cert.keyFile },
    });
    try {
      expect(again.encrypted!.addresses.dohPath(school, 'staff')).toBe(before);
      expect(before).not.toBe(dns.encrypted!.addresses.dohPath(school, 'primary'));
    } finally {
      await again.close();
    }
  });
});
