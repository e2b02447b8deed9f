import { readdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { evidenceStoreFor } from '../store.js';
import { pixelClaimPng } from '../test-files.js';
import { PDF_LIMITS, rewritePdf } from './pdf.js';
import { buildPdf, onePage, xmp } from './pdf-fixtures.js';

/** Everything a viewer could act on or that could name the sender, as it appears in a PDF's bytes. */
const SUSPECT =
  /JavaScript|#4[aA]ava|Launch|#4[cC]aunch|\/URI|EmbeddedFile|OpenAction|\/AA\b|\/Annots|\/Author|\/Creator|\/Producer|\/Metadata|xmpmeta|Reporter|AcroForm|XFA/;

const ENCRYPT_DICT =
  '<< /Filter /Standard /V 1 /R 2 /O <6f7a3a8e1a1d2c9b5e4f0a1b2c3d4e5f6f7a3a8e1a1d2c9b5e4f0a1b2c3d4e5f> /U <0e1d2c3b4a5968778695a4b3c2d1e0f00e1d2c3b4a5968778695a4b3c2d1e0f0> /P -3904 >>';

/** The hostile spellings the old byte-pattern check let through, and the plain ones. */
const hostile: Record<string, Buffer> = {
  'hex-escaped JavaScript in OpenAction': onePage({ catalog: '/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >>' }),
  'hex-escaped Launch in a page action': onePage({ page: '/AA << /O << /S /L#61unch /F (cmd.exe) /P (/c calc) >> >>' }),
  'lower-case hex Launch in OpenAction': onePage({ catalog: '/OpenAction << /S /#4caunch /F (cmd.exe) >>' }),
  'document JavaScript in the Names tree': onePage({
    catalog: '/Names << /JavaScript << /Names [(x) 6 0 R] >> >>',
    extra: ['<< /S /JavaScript /JS (this.exportDataObject\\({cName: "a"}\\)) >>'],
  }),
  'catalog AA': onePage({ catalog: '/AA << /WC << /S /JavaScript /JS (app.alert\\(2\\)) >> >>' }),
  'URI link annotation': onePage({
    page: '/Annots [6 0 R]',
    extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (http://198.51.100.9/track) >> >>'],
  }),
  'embedded file': onePage({
    catalog: '/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>',
    extra: ['<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>', '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream'],
  }),
  'file attachment annotation': onePage({
    page: '/Annots [6 0 R]',
    extra: [
      '<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 7 0 R >>',
      '<< /Type /Filespec /F (a.exe) /EF << /F 8 0 R >> >>',
      '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
    ],
  }),
  'JavaScript inside a compressed object stream': onePage({
    catalog: '/OpenAction 6 0 R',
    extra: ['<< /S /JavaScript /JS (app.alert\\(3\\)) >>'],
    compressed: [1, 2, 3, 5, 6],
  }),
  'form with XFA': onePage({ catalog: '/AcroForm << /Fields [] /XFA 6 0 R >>', extra: ['<< /Length 10 >>\nstream\n<xdp:xdp/>\nendstream'] }),
  'author, creator and XMP naming the reporter': onePage({
    catalog: '/Metadata 6 0 R',
    extra: [xmp('Nguyen Van Reporter'), '<< /Author (Nguyen Van Reporter) /Creator (Microsoft Word - bao cao cua Reporter) /Producer (Reporter PC) >>'],
    trailer: '/Info 7 0 R',
  }),
  'XMP on a page and on an image': onePage({
    page: '/Metadata 6 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 7 0 R >> >>',
    extra: [
      xmp('Reporter on page'),
      `<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Metadata 8 0 R /Length 1 >>\nstream\n\u0000\nendstream`,
      xmp('Reporter on image'),
    ],
  }),
};

describe('untrusted PDFs: parsed and rewritten on a worker thread', () => {
  for (const [name, pdf] of Object.entries(hostile)) {
    it(`keeps the pages and drops the rest: ${name}`, async () => {
      // the attack is really in the file as sent (or compressed where a byte scan cannot see it)
      if (!name.includes('compressed')) expect(pdf.toString('latin1')).toMatch(SUSPECT);
      const out = await rewritePdf(pdf);
      if (!out.ok) throw new Error(`refused: ${out.reason} ${out.detail}`);
      const text = Buffer.from(out.bytes).toString('latin1');
      expect(text).not.toMatch(SUSPECT);
      expect(text).toContain('(Evidence page) Tj'); // what the page shows is still there
      const again = await PDFDocument.load(out.bytes, { updateMetadata: false });
      expect(again.getPageCount()).toBe(1);
      expect(again.getAuthor()).toBeUndefined();
      expect(again.getCreator()).toBeUndefined();
      expect(again.catalog.keys().map(String).sort()).toEqual(['/Pages', '/Type']);
    });
  }

  it('says what it removed', async () => {
    const out = await rewritePdf(hostile['author, creator and XMP naming the reporter'] as Buffer);
    expect(out.ok && out.removed).toEqual(['Info', 'Metadata']);
    const js = await rewritePdf(hostile['hex-escaped JavaScript in OpenAction'] as Buffer);
    expect(js.ok && js.removed).toEqual(['OpenAction']);
  });

  it('refuses active content it cannot remove safely (hidden among the page resources)', async () => {
    const pdf = onePage({ page: '/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>', extra: ['<< /Type /Action /S /J#61vaScript /JS (x) >>'] });
    expect(await rewritePdf(pdf)).toMatchObject({ ok: false, reason: 'active_content' });
  });

  it('refuses an encrypted PDF, a damaged one, garbage, and too many pages, each with its reason', async () => {
    expect(await rewritePdf(onePage({ extra: [ENCRYPT_DICT], trailer: '/Encrypt 6 0 R /ID [<00112233> <00112233>]' }))).toMatchObject({
      ok: false,
      reason: 'encrypted',
    });
    expect(await rewritePdf(onePage().subarray(0, 200))).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await rewritePdf(Buffer.from('%PDF-1.7\n\u0000\u0001garbage garbage\n%%EOF'))).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await rewritePdf(buildPdf({ objects: ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>'] }))).toMatchObject({
      ok: false,
    });
    const kids = Array.from({ length: 6 }, (_, i) => `${i + 3} 0 R`).join(' ');
    const many = buildPdf({
      objects: [
        '<< /Type /Catalog /Pages 2 0 R >>',
        `<< /Type /Pages /Kids [${kids}] /Count 6 >>`,
        ...Array.from({ length: 6 }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>'),
      ],
    });
    expect(await rewritePdf(many, { ...PDF_LIMITS, pages: 5 })).toMatchObject({ ok: false, reason: 'too_many_pages' });
    expect(await rewritePdf(many)).toMatchObject({ ok: true, pages: 6 });
  });

  it('survives parser traps: nesting 200,000 deep, a page tree that contains itself', async () => {
    const deep = onePage({ page: `/Foo ${'['.repeat(200_000)}${']'.repeat(200_000)}` });
    expect(await rewritePdf(deep)).toMatchObject({ ok: false, reason: 'damaged' });
    const cycle = buildPdf({
      objects: [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>',
      ],
    });
    expect(await rewritePdf(cycle)).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('stops a decompression bomb in an object stream without exhausting memory', async () => {
    // 80 MB of spaces behind 80 KB: the object stream inflates far past the budget.
    const bomb = deflateSync(Buffer.alloc(80 * 1024 * 1024, 0x20), { level: 9 });
    const pdf = Buffer.concat([
      onePage().subarray(0, onePage().indexOf('xref')),
      Buffer.from(`9 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'),
      bomb,
      Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
    ]);
    const out = await rewritePdf(pdf, { ...PDF_LIMITS, decodedBytes: 16 * 1024 * 1024 });
    expect(out).toMatchObject({ ok: false, reason: 'too_complex' });
  });
});

describeEachDb('untrusted files through the partner API and the console', (db) => {
  let t: TestApp;
  let officer: Session;
  let secret: string;
  let n = 0;
  const partner = (files: Array<{ filename: string; content: Buffer }>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${secret}`, 'idempotency-key': `pdf-${++n}` },
      payload: {
        incidentTypes: ['scam'],
        description: 'Tệp PDF lừa đảo gửi cho học sinh',
        files: files.map((f) => ({ filename: f.filename, contentBase64: f.content.toString('base64') })),
      },
    });
  const evidenceFiles = () => {
    try {
      return readdirSync(path.join(t.deps.config.dataDir, 'evidence'), { recursive: true }).filter((f) => String(f).endsWith('.lce')).length;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    t = await createTestApp(db());
    const admin = await t.login('admin', ADMIN_PASSWORD);
    officer = await t.staff('intake_officer');
    secret = (await admin.request('POST', '/api/v1/tokens', { name: 'Đối tác PDF', scopes: ['reports:write'] })).json().secret;
  });
  afterAll(() => t.close());

  it('stores and reveals the rewritten PDF: no JavaScript, no launch, no author or XMP', async () => {
    const sent = [
      hostile['hex-escaped JavaScript in OpenAction'],
      hostile['hex-escaped Launch in a page action'],
      hostile['author, creator and XMP naming the reporter'],
      hostile['JavaScript inside a compressed object stream'],
    ] as Buffer[];
    const res = await partner(sent.map((content, i) => ({ filename: `tep-${i}.pdf`, content })));
    expect(res.statusCode, res.body).toBe(201);
    const rows = await db().kysely.selectFrom('intake_evidence').selectAll().where('report_id', '=', res.json().id).execute();
    expect(rows).toHaveLength(4);
    const store = evidenceStoreFor(t.deps.config.dataDir, t.deps.sealer);
    for (const row of rows) {
      expect(row.kind).toBe('pdf');
      expect(row.sha256).not.toBe(row.original_sha256); // what is stored is not what was sent
      const stored = (await store.get(row.sha256 as string)).toString('latin1');
      expect(stored.startsWith('%PDF-')).toBe(true);
      expect(stored).not.toMatch(SUSPECT);
      const clear = await officer.request('POST', `/api/v1/intake/evidence/${row.id}/reveal`, { reason: 'Kiểm tra tệp PDF trước khi chuyển công an' });
      expect(clear.statusCode).toBe(200);
      expect(clear.headers['content-type']).toMatch(/^application\/pdf/);
      expect(clear.rawPayload.toString('latin1')).not.toMatch(SUSPECT);
      expect((await PDFDocument.load(clear.rawPayload)).getPageCount()).toBe(1);
    }
  });

  it('bounds the decode cost of a partner report too: five 36 MP pictures together are refused before any is decoded', async () => {
    const claim = pixelClaimPng(6000, 6000);
    const res = await partner(Array.from({ length: 5 }, (_, i) => ({ filename: `p${i}.png`, content: claim })));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('intake_files_too_costly');
    const big16 = await partner([
      {
        filename: 'big.png',
        content: await sharp({ create: { width: 4000, height: 6000, channels: 3, background: '#0a0' } })
          .toColourspace('rgb16')
          .png()
          .toBuffer(),
      },
    ]);
    expect(big16.statusCode).toBe(413);
    expect(big16.json().error.code).toBe('image_too_large');
  });

  it('refuses encrypted, damaged and garbage PDFs with a clear 4xx, in Vietnamese first, and keeps nothing', async () => {
    const before = evidenceFiles();
    const reports = (await db().kysely.selectFrom('intake_reports').select('id').execute()).length;
    const cases: Array<[string, Buffer, number, string]> = [
      ['khoa.pdf', onePage({ extra: [ENCRYPT_DICT], trailer: '/Encrypt 6 0 R /ID [<00112233> <00112233>]' }), 422, 'pdf_encrypted'],
      ['cut.pdf', onePage().subarray(0, 300), 422, 'file_damaged'],
      ['rac.pdf', Buffer.from('%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF'), 422, 'file_damaged'],
      ['hidden.pdf', onePage({ page: '/Resources << /XObject << /X 6 0 R >> >>', extra: ['<< /S /L#61unch /F (cmd.exe) >>'] }), 415, 'pdf_active_content'],
    ];
    for (const [filename, content, status, code] of cases) {
      const res = await partner([
        { filename: 'ok.pdf', content: onePage() },
        { filename, content },
      ]);
      expect(res.statusCode, filename).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toContain(filename);
    }
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${secret}`, 'idempotency-key': 'pdf-en', 'accept-language': 'en' },
      payload: { incidentTypes: ['scam'], files: [{ filename: 'locked.pdf', contentBase64: cases[0]?.[1].toString('base64') }] },
    });
    expect(en.json().error.message).toMatch(/password-protected or encrypted/);
    expect((await db().kysely.selectFrom('intake_reports').select('id').execute()).length).toBe(reports);
    expect(evidenceFiles()).toBe(before);
  });
});
