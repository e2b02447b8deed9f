import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EVIDENCE_LIMITS } from '../../evidence/prepare.js';
import { jpegWithExif, png, pngHtmlPolyglot } from '../../evidence/test-files.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { multipart } from '../../testing/multipart.js';
import { PHOTO_UPLOAD } from './session-photos.js';

const NOW = new Date('2026-03-15T03:00:00Z');
const WARD_A = '00070'; // demo primary school
const WARD_B = '00004';

describeEachDb('programmes: photo evidence of a session', (db, dialect) => {
  let t: TestApp;
  let head: Session;
  let otherWard: Session;
  let leader: Session;
  let sessionId: string;
  let school: string;
  let topicId: string;
  const newSession = async (heldOn: string) => {
    const res = await head.request('POST', '/api/v1/programmes/sessions', { schoolId: school, heldOn, topicId, audience: 'parents', attendance: 12 });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  /** The encrypted file of a photo row on disk. */
  const fileOf = (address: string) => path.join(t.deps.config.dataDir, 'evidence', address.slice(0, 2), `${address}.lce`);
  const addressesOf = async (session: string) =>
    (await db().kysely.selectFrom('programme_session_photos').select('sha256').where('session_id', '=', session).execute()).map((r) => r.sha256);
  const queued = async () => (await db().kysely.selectFrom('programme_photo_deletions').select('address').execute()).map((r) => r.address);
  const upload = (who: Session, files: { name?: string; filename: string; content: Buffer }[], id = sessionId) => {
    const form = multipart(
      [],
      files.map((f) => ({ name: f.name ?? 'photos', filename: f.filename, content: f.content })),
    );
    return who.request('POST', `/api/v1/programmes/sessions/${id}/photos`, form.body, { 'content-type': form.contentType });
  };
  const stored = () => {
    const dir = path.join(t.deps.config.dataDir, 'evidence');
    try {
      return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.lce')).length;
    } catch {
      return 0;
    }
  };
  const rows = async () =>
    Number(
      (
        await db()
          .kysely.selectFrom('programme_session_photos')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => NOW });
    const admin = await t.login('admin', ADMIN_PASSWORD);
    school = (await db().kysely.selectFrom('schools').select('id').where('code', '=', 'DEMO-TH-01').executeTakeFirstOrThrow()).id;
    topicId = (await admin.request('GET', '/api/v1/programmes/topics')).json()[0].id;
    head = await t.staff('school_admin', { schoolId: school });
    otherWard = await t.staff('case_worker', { unitId: WARD_B });
    leader = await t.staff('city_leader');
    await t.staff('case_worker', { unitId: WARD_A });
    const res = await head.request('POST', '/api/v1/programmes/sessions', {
      schoolId: school,
      heldOn: '2026-03-02',
      topicId,
      audience: 'teachers',
      attendance: 20,
    });
    expect(res.statusCode, res.body).toBe(201);
    sessionId = res.json().id;
  });
  afterAll(() => t.close());

  it('stores a real photo encrypted and re-encoded, lists it, and shows it blurred or clear with a reason, audited', async () => {
    const photo = await png(64, 48);
    const res = await upload(head, [
      { filename: 'buoi-hoc.png', content: photo },
      { filename: 'lop-4a.jpg', content: await jpegWithExif() },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const [first, second] = res.json();
    expect(first).toMatchObject({ mime: 'image/png', width: 64, height: 48 });
    expect(second.mime).toBe('image/jpeg');
    expect(stored()).toBe(2);
    // encrypted at rest: the stored file is not the PNG
    const dir = path.join(t.deps.config.dataDir, 'evidence');
    const files = readdirSync(dir, { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith('.lce'))).toBe(true);

    const list = await leader.request('GET', `/api/v1/programmes/sessions/${sessionId}/photos`);
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());

    const preview = await head.request('GET', `/api/v1/programmes/sessions/${sessionId}/photos/${first.id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toContain('image/jpeg');
    const clear = await leader.request('POST', `/api/v1/programmes/sessions/${sessionId}/photos/${second.id}/reveal`, {
      reason: 'Kiểm tra minh chứng buổi học',
    });
    expect(clear.statusCode).toBe(200);
    const meta = await sharp(clear.rawPayload).metadata();
    expect(meta.exif).toBeUndefined(); // EXIF (camera, author, GPS) dropped by re-encoding
    const audit = await db().kysely.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', 'in', [first.id, second.id]).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['programme_session_photo.previewed', 'programme_session_photo.revealed']);
    expect(JSON.parse(audit.find((a) => a.action.endsWith('revealed'))?.detail ?? '{}').reason).toBe('Kiểm tra minh chứng buổi học');
    const added = await db().kysely.selectFrom('audit_log').select('detail').where('action', '=', 'programme_session.photos_added').execute();
    expect(added).toHaveLength(1);
    // a reason of blanks, or a reader of another ward: refused / not found
    expect((await leader.request('POST', `/api/v1/programmes/sessions/${sessionId}/photos/${second.id}/reveal`, { reason: '     ' })).statusCode).toBe(400);
    expect((await otherWard.request('GET', `/api/v1/programmes/sessions/${sessionId}/photos`)).statusCode).toBe(404);
    expect((await otherWard.request('GET', `/api/v1/programmes/sessions/${sessionId}/photos/${first.id}/preview`)).statusCode).toBe(404);
    // the city reads but does not add
    expect((await upload(leader, [{ filename: 'a.png', content: photo }])).statusCode).toBe(403);
  });

  it('refuses a hostile or oversized file with a 4xx naming the field, and writes nothing', async () => {
    const beforeRows = await rows();
    const beforeFiles = stored();
    const good = await png(20, 20);
    const cases: [string, { name?: string; filename: string; content: Buffer }[], number][] = [
      ['html hidden after a PNG', [{ filename: 'anh.png', content: await pngHtmlPolyglot() }], 415],
      ['a script named .png', [{ filename: 'anh.png', content: Buffer.from('<script>alert(1)</script>') }], 415],
      ['a PDF is not a photo', [{ filename: 'a.pdf', content: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF') }], 415],
      [
        'a good photo beside a bad one',
        [
          { filename: 'tot.png', content: good },
          { filename: 'xau.png', content: Buffer.from('not an image at all') },
        ],
        415,
      ],
      ['over 8 MB', [{ filename: 'lon.png', content: Buffer.concat([good, Buffer.alloc(8 * 1024 * 1024 + 10)]) }], 413],
      ['six at once', Array.from({ length: 6 }, (_, i) => ({ filename: `a${i}.png`, content: good })), 413],
      ['the wrong field', [{ name: 'file', filename: 'a.png', content: good }], 400],
      ['no file', [], 400],
    ];
    for (const [what, files, status] of cases) {
      const res = await upload(head, files);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      expect(res.json().error.message, what).toMatch(/^Mục "Ảnh": |'photos'/);
    }
    // a session of another ward, or none at all
    expect((await upload(otherWard, [{ filename: 'a.png', content: good }])).statusCode).toBe(404);
    expect((await upload(head, [{ filename: 'a.png', content: good }], 'no-such-session')).statusCode).toBe(404);
    expect(await rows()).toBe(beforeRows);
    expect(stored()).toBe(beforeFiles);
    const vi = (await upload(head, [{ filename: 'anh.png', content: Buffer.from('<script>') }])).json().error.message;
    expect(vi).toMatch(/^Mục "Ảnh": tệp "anh.png" không được nhận\./);
    expect(vi).toContain('8 MB');
  });

  it('deleting a session removes its photo rows and, once committed, their files; the same picture on another session stays', async () => {
    const picture = await png(30, 30);
    const doomed = await newSession('2026-03-03');
    const kept = await newSession('2026-03-04');
    expect(
      (
        await upload(
          head,
          [
            { filename: 'a.png', content: picture },
            { filename: 'b.jpg', content: await jpegWithExif() },
          ],
          doomed,
        )
      ).statusCode,
    ).toBe(201);
    expect((await upload(head, [{ filename: 'a.png', content: picture }], kept)).statusCode).toBe(201);
    const doomedFiles = await addressesOf(doomed);
    const [keptFile] = await addressesOf(kept);
    expect(doomedFiles).toHaveLength(2);
    // the same bytes on two sessions are two files: each row owns its own
    expect(doomedFiles).not.toContain(keptFile);
    for (const a of [...doomedFiles, keptFile as string]) expect(existsSync(fileOf(a)), a).toBe(true);

    expect((await otherWard.request('DELETE', `/api/v1/programmes/sessions/${doomed}`)).statusCode).toBe(404);
    const res = await head.request('DELETE', `/api/v1/programmes/sessions/${doomed}`);
    expect(res.statusCode, res.body).toBe(204);
    for (const a of doomedFiles) expect(existsSync(fileOf(a)), a).toBe(false);
    expect(await addressesOf(doomed)).toEqual([]);
    expect(await queued()).toEqual([]);
    const entry = await db()
      .kysely.selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'programme_session.deleted')
      .where('subject_id', '=', doomed)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail ?? '{}').photos).toHaveLength(2);
    // the other session's photo, the same picture, is still there and still shown
    expect(existsSync(fileOf(keptFile as string))).toBe(true);
    const [keptPhoto] = (await head.request('GET', `/api/v1/programmes/sessions/${kept}/photos`)).json();
    expect((await head.request('GET', `/api/v1/programmes/sessions/${kept}/photos/${keptPhoto.id}/preview`)).statusCode).toBe(200);
  });

  it('a deletion the database refuses leaves the session, its rows and its files; a file queued before a crash is removed by the job', async () => {
    const session = await newSession('2026-03-05');
    expect((await upload(head, [{ filename: 'c.png', content: await png(24, 24) }], session)).statusCode).toBe(201);
    const [address] = await addressesOf(session);
    // a real refusal by the database, in the middle of the deletion's transaction
    if (dialect === 'sqlite') {
      await sql`create trigger refuse_photo_delete before delete on programme_session_photos begin select raise(abort, 'refused by test'); end`.execute(
        db().kysely,
      );
    } else {
      await sql`create function refuse_photo_delete() returns trigger as $$ begin raise exception 'refused by test'; end $$ language plpgsql`.execute(
        db().kysely,
      );
      await sql`create trigger refuse_photo_delete before delete on programme_session_photos for each row execute function refuse_photo_delete()`.execute(
        db().kysely,
      );
    }
    try {
      expect((await head.request('DELETE', `/api/v1/programmes/sessions/${session}`)).statusCode).toBe(500);
    } finally {
      if (dialect === 'sqlite') await sql`drop trigger refuse_photo_delete`.execute(db().kysely);
      else await sql`drop trigger refuse_photo_delete on programme_session_photos`.execute(db().kysely);
    }
    expect(await addressesOf(session)).toEqual([address]);
    expect(existsSync(fileOf(address as string))).toBe(true);
    expect(await queued()).toEqual([]);
    expect((await head.request('GET', `/api/v1/programmes/sessions/${session}`)).statusCode).toBe(200);

    // a crash between the commit and the removal leaves the address queued: the job removes it
    const orphan = 'ab'.repeat(32);
    mkdirSync(path.dirname(fileOf(orphan)), { recursive: true });
    writeFileSync(fileOf(orphan), 'an evidence file whose row was deleted');
    await db().kysely.insertInto('programme_photo_deletions').values({ address: orphan, requested_at: NOW.toISOString() }).execute();
    expect(await t.app.jobs.runNow('programmes.photo-files')).toBe('success');
    expect(existsSync(fileOf(orphan))).toBe(false);
    expect(await queued()).toEqual([]);
  });
  it('takes every type the console’s hint names (WebP and GIF re-encoded), and the hint’s size is the server’s (issue 15 item 10)', async () => {
    expect(PHOTO_UPLOAD.maxMb * 1024 * 1024).toBe(EVIDENCE_LIMITS.fileBytes);
    const id = await newSession('2026-03-04');
    const picture = sharp({ create: { width: 30, height: 20, channels: 3, background: { r: 40, g: 120, b: 200 } } });
    const made: Record<string, Buffer> = {
      'image/jpeg': await picture.clone().jpeg().toBuffer(),
      'image/png': await picture.clone().png().toBuffer(),
      'image/webp': await picture.clone().webp().toBuffer(),
      'image/gif': await picture.clone().gif().toBuffer(),
    };
    expect(Object.keys(made)).toEqual([...PHOTO_UPLOAD.types]);
    const res = await upload(
      head,
      PHOTO_UPLOAD.types.map((type) => ({ filename: `anh.${type.slice(6)}`, content: made[type] as Buffer })),
      id,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(
      res
        .json()
        .map((p: { mime: string }) => p.mime)
        .every((m: string) => m === 'image/jpeg' || m === 'image/png'),
    ).toBe(true);
    const refused = (await upload(head, [{ filename: 'x.png', content: Buffer.from('<script>') }], id)).json().error.message;
    expect(refused).toContain(`Chỉ nhận ảnh ${PHOTO_UPLOAD.names} `);
    // the console reads these values from the API, to staff only
    const said = await head.request('GET', '/api/v1/programmes/photo-upload');
    expect(said.json()).toEqual({ ...PHOTO_UPLOAD, types: [...PHOTO_UPLOAD.types] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/programmes/photo-upload' })).statusCode).toBe(401);
  });
});
