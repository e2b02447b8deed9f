import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { MailSender } from './notify.js';

/** A local SMTP sink: real SMTP on loopback, messages kept in memory. */
function startSink(): Promise<{ port: number; mails: Array<{ to: string[]; raw: string }>; close: () => Promise<void> }> {
  const mails: Array<{ to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (d: Buffer) => {
        raw += d.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.server.address() as { port: number }).port;
      resolve({ port, mails, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

describeEachDb('reporting centre: e-mail through the outbox', (db) => {
  let t: TestApp;
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(db());
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('mails the unit a report is handed over to, and the reporter who consented — status only', async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const officer = await t.staff('intake_officer');
    const worker = await t.staff('case_worker', { unitId: '00070' });
    await db().kysely.updateTable('users').set({ email: 'canbo.hoankiem@example.vn' }).where('id', '=', worker.id).execute();
    const tok = (await admin.request('POST', '/api/v1/tokens', { name: 'app', scopes: ['reports:write'] })).json().secret;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${tok}`, 'idempotency-key': 'mail-1' },
      payload: {
        incidentTypes: ['grooming'],
        description: 'Người lạ rủ bé gặp mặt — chi tiết bí mật',
        reporter: { kind: 'parent_relative', email: 'me.be@example.vn', consentToContact: true },
        victim: { unitId: '00070' },
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    await officer.request('POST', `/api/v1/intake/reports/${id}/accept`);
    await officer.request('POST', `/api/v1/intake/reports/${id}/handover`, { victimSupport: true, violationHandling: false, unitId: '00070' });

    // Queued in the same transaction; sealed at rest; nothing sent without SMTP.
    const queued = await db().kysely.selectFrom('mail_outbox').selectAll().where('report_id', '=', id).execute();
    expect(queued.length).toBe(3);
    expect(JSON.stringify(queued)).not.toContain('me.be@example.vn');

    const broken = new MailSender({ ...t.deps, config: { ...t.deps.config, smtpUrl: 'smtp://127.0.0.1:1' } });
    expect(await broken.runOnce()).toBe(0);
    const retry = await db().kysely.selectFrom('mail_outbox').select(['attempts', 'last_error']).where('report_id', '=', id).execute();
    expect(retry.every((r) => r.attempts === 1 && r.last_error)).toBe(true);
    await broken.stop();
    await db().kysely.updateTable('mail_outbox').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).execute();

    const sender = new MailSender({ ...t.deps, config: { ...t.deps.config, smtpUrl: `smtp://127.0.0.1:${sink.port}`, mailFrom: 'lachan@hanoi.example' } });
    expect(await sender.runOnce()).toBe(3);
    expect(await sender.runOnce()).toBe(0); // sent once, never twice
    await sender.stop();
    const toReporter = sink.mails.filter((m) => m.to.includes('me.be@example.vn'));
    const toWard = sink.mails.filter((m) => m.to.includes('canbo.hoankiem@example.vn'));
    expect(toReporter).toHaveLength(2); // in review, then being handled
    expect(toWard).toHaveLength(1);
    for (const m of toReporter) {
      expect(m.raw).not.toContain('bí mật');
      expect(m.raw).toContain(res.json().trackingCode);
    }
  });
});
