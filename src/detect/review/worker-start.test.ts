import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../access/actor.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { submitItem } from './items.js';

/** `npm start` runs the review worker: it starts when the server listens (not in inject-only tests). */
describeEachDb('review worker runs in the listening platform', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(db());
  });
  afterAll(() => t.close());

  it('does nothing before the server listens, then works the queue on its own', async () => {
    const ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    const { id } = await submitItem(ctx, { kind: 'text', text: 'Em bao nhiêu tuổi? Đừng nói với bố mẹ nhé.' });
    await new Promise((r) => setTimeout(r, 300));
    const status = async () => (await db().kysely.selectFrom('detect_items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe('queued');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const until = Date.now() + 10_000;
    while ((await status()) !== 'analysed' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await status()).toBe('analysed');
  });
});
