import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../access/actor.js';
import type { Ctx } from '../context.js';
import { newId } from '../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { addConfirmedHarmful, listConfirmedHarmful, publishConfirmed } from './confirmed.js';
import { ACTION } from './engine/policy.js';
import { type FilterService, startFilterService } from './service.js';
import { seedFilter } from './store.js';

describeEachDb('filter: domains confirmed harmful by the centre', (db) => {
  let t: TestApp;
  let admin: Session;
  let schoolId: string;
  let dns: FilterService;
  let ctx: Ctx;

  beforeAll(async () => {
    t = await createTestApp(db());
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await t.login('admin', ADMIN_PASSWORD);
    schoolId = (await db().kysely.selectFrom('schools').select('id').where('code', '=', 'DEMO-TH-01').executeTakeFirstOrThrow()).id;
    // a running engine in this process: it must reload when the confirmation is published
    dns = await startFilterService({ db: db(), dataDir: t.deps.config.dataDir, host: '127.0.0.1', port: 0 });
    ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
  }, 60_000);
  afterAll(async () => {
    await dns.close();
    await t.close();
  });

  const check = async (domain: string, band = 'primary') =>
    (await admin.request('GET', `/api/v1/filter/check?domain=${domain}&band=${band}&schoolId=${schoolId}`)).json();

  it('blocks a confirmed domain and its subdomains for every band, as mandatory, once published', async () => {
    expect(await check('bad-site.example')).toMatchObject({ decision: 'allowed' });
    expect(dns.engine.check('bad-site.example', schoolId, 'staff').action).toBe(ACTION.ALLOW);

    const out = await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'WWW.Bad-Site.example.', note: 'mục 123', ref: 'test:1' }));
    expect(out).toMatchObject({ domain: 'www.bad-site.example', added: true });
    const again = await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'bad-site.example', ref: 'test:2' }));
    expect(again.added).toBe(true);
    const dup = await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'bad-site.example' }));
    expect(dup.added).toBe(false);
    expect(await publishConfirmed(t.deps)).toEqual({ domains: 2 });

    for (const band of ['kindergarten', 'primary', 'staff']) {
      expect(await check('cdn.bad-site.example', band)).toMatchObject({ decision: 'blocked', category: 'confirmed_harmful', mandatory: true });
      const d = dns.engine.check('cdn.bad-site.example', schoolId, band as 'staff');
      expect(d).toMatchObject({ action: ACTION.BLOCK, category: 'confirmed_harmful', mandatory: true });
    }
    expect(await check('good-site.example')).toMatchObject({ decision: 'allowed' });

    const lists = (await admin.request('GET', '/api/v1/filter/lists')).json();
    expect(lists.find((l: { sourceType: string }) => l.sourceType === 'centre')).toMatchObject({ category: 'confirmed_harmful', entries: 2 });
    expect((await listConfirmedHarmful(db().kysely)).map((e) => e.domain).sort()).toEqual(['bad-site.example', 'www.bad-site.example']);
    const audit = await db().kysely.selectFrom('audit_log').select('detail').where('action', '=', 'filter_list.centre_entry_added').execute();
    expect(audit).toHaveLength(3);
  });

  it('keeps nothing when the transaction that added a domain rolls back', async () => {
    await expect(
      db()
        .kysely.transaction()
        .execute(async (trx) => {
          await addConfirmedHarmful(trx, ctx, { domain: 'rolled-back.example' });
          throw new Error('decision failed later');
        }),
    ).rejects.toThrow('decision failed later');
    await publishConfirmed(t.deps);
    expect(await check('rolled-back.example')).toMatchObject({ decision: 'allowed' });
    expect(dns.engine.check('rolled-back.example', schoolId, 'primary').action).toBe(ACTION.ALLOW);
  });

  it('lets an administrator delete the centre list as a whole (entries go with it)', async () => {
    const list = (await admin.request('GET', '/api/v1/filter/lists')).json().find((l: { sourceType: string }) => l.sourceType === 'centre');
    expect((await admin.request('POST', `/api/v1/filter/lists/${list.id}/refresh`)).statusCode).toBe(409);
    expect((await admin.request('DELETE', `/api/v1/filter/lists/${list.id}`)).statusCode).toBe(204);
    expect(await listConfirmedHarmful(db().kysely)).toEqual([]);
    expect(await check('bad-site.example')).toMatchObject({ decision: 'allowed' });
    // the next confirmation starts a new list
    await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'again.example' }));
    await publishConfirmed(t.deps);
    expect(await check('again.example')).toMatchObject({ decision: 'blocked', category: 'confirmed_harmful' });
  });

  it('refuses what is not a domain, and actors who may not change the city filter', async () => {
    for (const bad of ['', '127.0.0.1', '[::1]', 'not a domain', 'http://x.example/path', 'a'.repeat(300)]) {
      await expect(
        db()
          .kysely.transaction()
          .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: bad })),
        bad,
      ).rejects.toMatchObject({ status: 400 });
    }
    const leader = {
      ...ctx,
      actor: { kind: 'user' as const, id: 'u1', label: 'leader', role: 'city_leader' as const, unitId: null, agencyId: null, schoolId: null },
    };
    await expect(
      db()
        .kysely.transaction()
        .execute((trx) => addConfirmedHarmful(trx, leader, { domain: 'x.example' })),
    ).rejects.toMatchObject({ status: 403 });
  });
});
