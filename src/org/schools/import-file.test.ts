import { readFileSync } from 'node:fs';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { hasMessage, t } from '../../shared/i18n.js';
import {
  ImportFileError,
  MAX_DATA_ROWS,
  MAX_FILE_BYTES,
  normaliseHeader,
  parseLevel,
  readSchoolFile,
  type SchoolFileResult,
  type UnitResolver,
} from './import-file.js';

// ---------------------------------------------------------------------------------------------
// Fixtures: a fake unit directory, and files built for real (CSV text, exceljs workbooks, ZIPs by hand)

const UNITS = new Map<string, string>([
  ['Ba Đình', '00004'],
  ['ba dinh', '00004'],
  ['00004', '00004'],
  ['Hoàn Kiếm', '00070'],
  ['hoan kiem', '00070'],
  ['00070', '00070'],
]);
const resolveUnit: UnitResolver = (text) => UNITS.get(text) ?? UNITS.get(text.toLowerCase()) ?? null;

const HEADER = 'code,name,level,unit,address';
const csv = (...lines: string[]) => Buffer.from(lines.join('\n'), 'utf8');

function read(bytes: Buffer | string, filename = 'schools.csv', onProgress?: (done: number, total: number) => void): Promise<SchoolFileResult> {
  return readSchoolFile({ filename, bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes }, resolveUnit, onProgress);
}

/** Awaits a whole-file failure and hands back the error to look at. */
async function failure(promise: Promise<unknown>): Promise<ImportFileError> {
  const outcome = await promise.then(
    () => 'resolved',
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(ImportFileError);
  return outcome as ImportFileError;
}

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface ZipPart {
  name: string;
  /** The bytes stored in the archive (already deflated when method is 8). */
  stored: Buffer;
  method: 0 | 8;
  /** The uncompressed size the archive claims. */
  declaredSize: number;
}

const deflated = (name: string, content: Buffer | string): ZipPart => {
  const raw = typeof content === 'string' ? Buffer.from(content) : content;
  return { name, stored: deflateRawSync(raw), method: 8, declaredSize: raw.length };
};

/** A minimal ZIP: local headers + data, central directory, end record. CRCs are left at 0. */
function zipOf(parts: ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.stored.length, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(p.method, 10);
    entry.writeUInt32LE(p.stored.length, 20);
    entry.writeUInt32LE(p.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, name, p.stored);
    central.push(entry, name);
    offset += local.length + name.length + p.stored.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/** `megabytes` MB of zeros deflated as a stream, so the test never holds the zeros in memory. */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const mb = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) deflate.write(mb);
  deflate.end();
  await done;
  return Buffer.concat(out);
}

// ---------------------------------------------------------------------------------------------

describe('readSchoolFile: CSV', () => {
  it('reads valid rows with the line the user sees (header on line 1)', async () => {
    const result = await read(
      csv(HEADER, 'TH-BD-01,Trường Tiểu học Kim Đồng,primary,Ba Đình,"12 Kim Mã, Ba Đình"', 'MN.HK_02,Trường Mầm non Hoa Sen,Mầm non,00070,'),
    );
    expect(result).toEqual({
      total: 2,
      rejected: [],
      rows: [
        { line: 2, code: 'TH-BD-01', name: 'Trường Tiểu học Kim Đồng', level: 'primary', unitId: '00004', address: '12 Kim Mã, Ba Đình' },
        { line: 3, code: 'MN.HK_02', name: 'Trường Mầm non Hoa Sen', level: 'kindergarten', unitId: '00070', address: null },
      ],
    });
  });

  it('reads semicolon-separated Vietnamese headers typed without diacritics, with CRLF line ends', async () => {
    const bytes = Buffer.from(['Ma truong;Ten truong;Cap hoc;Phuong/Xa;Dia chi', 'THCS01;Trường THCS Giảng Võ;THCS;ba dinh;Ngõ 1, Giảng Võ', ''].join('\r\n'));
    const result = await read(bytes);
    expect(result.rows).toEqual([
      { line: 2, code: 'THCS01', name: 'Trường THCS Giảng Võ', level: 'lower_secondary', unitId: '00004', address: 'Ngõ 1, Giảng Võ' },
    ]);
  });

  it('reads tab-separated files and headers in any order, case and spacing, ignoring unknown columns', async () => {
    const result = await read(
      csv('STT\t  ĐỊA CHỈ \tPhường / Xã\tCẤP HỌC\tGhi chú\tTên trường (*)\tMã  Trường', '1\t\tHoàn Kiếm\tTHPT\tx\tTrường THPT Việt Đức\tTHPT-VD'),
    );
    expect(result.rows).toEqual([{ line: 2, code: 'THPT-VD', name: 'Trường THPT Việt Đức', level: 'upper_secondary', unitId: '00070', address: null }]);
  });

  it('strips a UTF-8 byte order mark so the first header is still recognised', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const result = await read(Buffer.concat([bom, csv('Mã trường,Tên trường,Cấp học,Phường/xã', 'A1,Trường A,TH,Ba Đình')]));
    expect(result.rows.map((r) => r.code)).toEqual(['A1']);
  });

  it('counts physical lines when quoted fields hold line breaks (LF or CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [
        HEADER,
        'A1,"Trường Tiểu học',
        'Kim Đồng",TH,Ba Đình,"Số 1',
        'Phố X',
        'Hà Nội"',
        'A2,Trường B,TH,Nowhere,',
        '"A3","Trường ""C""",TH,Ba Đình,',
      ].join(eol);
      const result = await read(text);
      expect(result.rows.map((r) => [r.line, r.code, r.name, r.address])).toEqual([
        [2, 'A1', 'Trường Tiểu học Kim Đồng', 'Số 1 Phố X Hà Nội'],
        [7, 'A3', 'Trường "C"', null],
      ]);
      expect(result.rejected).toEqual([{ line: 6, code: 'import_unit_unknown', params: { value: 'Nowhere' } }]);
    }
  });

  it('gives every row its physical line, whatever mix of line breaks and multi-line fields (property)', async () => {
    const cell = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', ',', '""'), { maxLength: 6 }).map((xs) => xs.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, fc.constantFrom('\n', '\r\n', '\r'), fc.nat(2)), { minLength: 1, maxLength: 12 }), async (specs) => {
        let text = `${HEADER}\n`;
        let line = 2;
        const expected: number[] = [];
        specs.forEach(([name, eol, blankLines], i) => {
          expected.push(line);
          text += `C${i},"X${name}",TH,Ba Đình,${eol}${eol.repeat(blankLines)}`;
          line += 1 + blankLines + (name.match(/\r\n|\n/g)?.length ?? 0);
        });
        const result = await read(text);
        expect(result.rows.map((r) => r.line)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('skips empty rows silently, without counting them, even when a row number ("STT") is filled in', async () => {
    const result = await read(
      csv('STT,Mã trường,Tên trường,Cấp học,Phường/xã', '', '1,A1,Trường A,TH,Ba Đình', ',,,,', '2,  ,\u200b, ,', '3,A2,Trường B,TH,Ba Đình', '', ''),
    );
    expect(result.total).toBe(2);
    expect(result.rows.map((r) => [r.line, r.code])).toEqual([
      [3, 'A1'],
      [6, 'A2'],
    ]);
  });

  it('ignores title rows above the header, as in forms exported from Excel', async () => {
    const result = await read(
      csv(
        'UBND THÀNH PHỐ HÀ NỘI,,,,',
        '"DANH SÁCH TRƯỜNG HỌC, NĂM 2025",,,,',
        ',,,,',
        'Mã trường,Tên trường,Cấp học,Phường/xã,Địa chỉ',
        'A1,Trường A,TH,Ba Đình,',
      ),
    );
    expect(result.rows.map((r) => [r.line, r.code])).toEqual([[5, 'A1']]);
  });

  it('trims, NFC-normalises and strips control and invisible characters', async () => {
    const nfdName = 'Trường Tiểu học Kim Đồng'.normalize('NFD');
    const result = await read(csv(HEADER, `  A1 ,\t${nfdName}\u0007\u200b ,  tiểu học  ,  Ba Đình\u0000,  Số\u00a0\u00a01   phố \u202eX  `));
    expect(result.rows[0]).toMatchObject({ code: 'A1', name: 'Trường Tiểu học Kim Đồng', address: 'Số 1 phố X' });
    expect(result.rows[0]?.name).toBe(result.rows[0]?.name.normalize('NFC'));
  });

  it('keeps spreadsheet-formula look-alikes and HTML as plain data', async () => {
    const result = await read(
      csv(
        HEADER,
        'A1,=HYPERLINK("http://evil"),TH,Ba Đình,+84 24 3825 1234',
        'A2,<script>alert(1)</script> & <b>B</b>,TH,Ba Đình,@home',
        'A3,-1+2,TH,Ba Đình,',
      ),
    );
    expect(result.rows.map((r) => [r.name, r.address])).toEqual([
      ['=HYPERLINK("http://evil")', '+84 24 3825 1234'],
      ['<script>alert(1)</script> & <b>B</b>', '@home'],
      ['-1+2', null],
    ]);
  });

  it('decides the type from the content, not the file name', async () => {
    const result = await read(csv(HEADER, 'A1,Trường A,TH,Ba Đình,'), 'danh-sach.xlsx');
    expect(result.rows).toHaveLength(1);
  });

  it('refuses a quote that is never closed, naming the line where it opens', async () => {
    const err = await failure(read(csv(HEADER, 'A1,Trường A,TH,Ba Đình,', 'A2,"Trường B,TH,Ba Đình,', 'A3,Trường C,TH,Ba Đình,')));
    expect(err).toMatchObject({ status: 400, code: 'import_csv_malformed', params: { line: 3 } });
  });
});

describe('readSchoolFile: row validation', () => {
  it('rejects each bad row with one reason and keeps going', async () => {
    const result = await read(
      csv(
        HEADER,
        ',Trường không mã,TH,Ba Đình,', // 2
        'A B,Trường A,TH,Ba Đình,', // 3
        `${'X'.repeat(33)},Trường X,TH,Ba Đình,`, // 4
        'Mã1,Trường có dấu,TH,Ba Đình,', // 5
        'A5,,TH,Ba Đình,', // 6
        `A6,${'T'.repeat(201)},TH,Ba Đình,`, // 7
        'A7,Trường G,,Ba Đình,', // 8
        'A8,Trường H,Đại học,Ba Đình,', // 9
        'A9,Trường I,TH,,', // 10
        'A10,Trường J,TH,Phường Không Có,', // 11
        `A11,Trường K,TH,Ba Đình,${'đ'.repeat(301)}`, // 12
        'OK1,Trường hợp lệ,TH,Ba Đình,', // 13
      ),
    );
    expect(result.total).toBe(12);
    expect(result.rows.map((r) => [r.line, r.code])).toEqual([[13, 'OK1']]);
    expect(result.rejected).toEqual([
      { line: 2, code: 'import_code_required', params: {} },
      { line: 3, code: 'import_code_invalid', params: { value: 'A B', max: 32 } },
      { line: 4, code: 'import_code_invalid', params: { value: 'X'.repeat(33), max: 32 } },
      { line: 5, code: 'import_code_invalid', params: { value: 'Mã1', max: 32 } },
      { line: 6, code: 'import_name_required', params: {} },
      { line: 7, code: 'import_name_too_long', params: { length: 201, max: 200 } },
      { line: 8, code: 'import_level_required', params: {} },
      { line: 9, code: 'import_level_unknown', params: { value: 'Đại học' } },
      { line: 10, code: 'import_unit_required', params: {} },
      { line: 11, code: 'import_unit_unknown', params: { value: 'Phường Không Có' } },
      { line: 12, code: 'import_address_too_long', params: { length: 301, max: 300 } },
    ]);
  });

  it('accepts values exactly at the limits (code 32, name 200, address 300 characters)', async () => {
    const code = `${'A'.repeat(31)}9`;
    const name = 'Ư'.repeat(200);
    const address = 'ữ'.repeat(300);
    const result = await read(csv(HEADER, `${code},${name},TH,Ba Đình,${address}`));
    expect(result.rows).toEqual([{ line: 2, code, name, level: 'primary', unitId: '00004', address }]);
  });

  it('rejects a repeated code, naming the first line it appeared on (case-insensitive)', async () => {
    const result = await read(
      csv(HEADER, 'TH01,Trường A,TH,Ba Đình,', 'TH02,Trường B,TH,Ba Đình,', 'th01,Trường A (lặp),TH,Ba Đình,', 'TH01,Trường A (lặp lần 2),TH,Ba Đình,'),
    );
    expect(result.rows.map((r) => r.code)).toEqual(['TH01', 'TH02']);
    expect(result.rejected).toEqual([
      { line: 4, code: 'import_duplicate_code', params: { value: 'th01', firstLine: 2 } },
      { line: 5, code: 'import_duplicate_code', params: { value: 'TH01', firstLine: 2 } },
    ]);
  });

  it('returns 0 rows and every row rejected when nothing is valid: that is a result, not an error', async () => {
    const result = await read(csv(HEADER, 'A1,Trường A,???,Ba Đình,', 'A2,Trường B,TH,Atlantis,', ',,TH,,'));
    expect(result.total).toBe(3);
    expect(result.rows).toEqual([]);
    expect(result.rejected.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('shortens long values echoed back in a rejection', async () => {
    const result = await read(csv(HEADER, `A1,Trường A,${'x'.repeat(500)},Ba Đình,`));
    const value = result.rejected[0]?.params.value as string;
    expect(Array.from(value)).toHaveLength(81);
    expect(value.endsWith('…')).toBe(true);
  });

  it('asks the unit resolver once per distinct text', async () => {
    const resolver = vi.fn(resolveUnit);
    const lines = Array.from({ length: 50 }, (_, i) => `S${i},Trường ${i},TH,${i % 2 ? 'Ba Đình' : 'Hoàn Kiếm'},`);
    const result = await readSchoolFile({ filename: 'x.csv', bytes: csv(HEADER, ...lines) }, resolver);
    expect(result.rows).toHaveLength(50);
    expect(resolver).toHaveBeenCalledTimes(2);
  });

  it('reports progress every 500 rows and at the end', async () => {
    const lines = Array.from({ length: 1234 }, (_, i) => `S${i},Trường ${i},TH,Ba Đình,`);
    const calls: [number, number][] = [];
    await read(csv(HEADER, ...lines), 'x.csv', (done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [500, 1234],
      [1000, 1234],
      [1234, 1234],
    ]);
  });
});

describe('readSchoolFile: whole-file errors', () => {
  it('refuses an empty file, blank text and a header without rows (400 import_empty)', async () => {
    for (const bytes of [Buffer.alloc(0), ' \n\n\t\n', `${HEADER}\n`, `${HEADER}\n,,,,\n\n`]) {
      expect(await failure(read(bytes))).toMatchObject({ status: 400, code: 'import_empty' });
    }
  });

  it('refuses files over 5 MB (413) before looking inside', async () => {
    const err = await failure(read(Buffer.alloc(MAX_FILE_BYTES + 1, 0x61)));
    expect(err).toMatchObject({ status: 413, code: 'import_too_large', params: { limitMb: 5 } });
  });

  it('refuses a PDF, images, a legacy .xls, an archive that is no workbook and HTML (415)', async () => {
    const files: [string, Buffer][] = [
      ['report.csv', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')],
      ['logo.csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)])],
      ['photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46])],
      ['old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)])],
      ['letter.docx', zipOf([deflated('[Content_Types].xml', '<Types/>'), deflated('word/document.xml', '<w:document/>')])],
      ['table.xls', Buffer.from('<html><body><table><tr><td>Mã trường</td></tr></table></body></html>')],
      ['binary.csv', Buffer.from('code,name\n\u0000\u0001\u0002\u0003\u0000\u0000')], // mostly control characters
    ];
    for (const [filename, bytes] of files) {
      const err = await failure(read(bytes, filename));
      expect(err, filename).toMatchObject({ status: 415, code: 'import_unsupported_type' });
      expect(t('vi', err.code, err.params)).toContain(filename);
    }
  });

  it('refuses text that is not UTF-8 and says to save as "CSV UTF-8"', async () => {
    // "Mã trường" as Windows-1258 would store it, and as Excel's "Unicode Text" (UTF-16) would.
    const cp1258 = Buffer.from([0x4d, 0xe3, 0x20, 0x74, 0x72, 0xfd, 0xf5, 0xd2, 0x6e, 0x67, 0x2c, 0x54, 0xea, 0x6e, 0x0a]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Mã trường\tTên\n', 'utf16le')]);
    const utf16NoBom = Buffer.from('Mã trường\tTên\n', 'utf16le');
    for (const bytes of [cp1258, utf16, utf16NoBom]) {
      const err = await failure(read(bytes));
      expect(err).toMatchObject({ status: 400, code: 'import_not_utf8' });
      expect(t('vi', err.code)).toContain('CSV UTF-8');
      expect(t('en', err.code)).toContain('CSV UTF-8');
    }
  });

  it('names the required columns that are missing', async () => {
    const err = await failure(read(csv('Mã trường,Tên trường,Địa chỉ', 'A1,Trường A,Hà Nội')));
    expect(err).toMatchObject({ status: 400, code: 'import_missing_column', params: { fields: ['level', 'unit'] } });
    expect(t('vi', err.code, err.params)).toContain('cấp học');
    expect(t('en', err.code, err.params)).toContain('ward/commune');
  });

  it('gives up looking for a header after 10 non-empty rows', async () => {
    const notes = Array.from({ length: 10 }, (_, i) => `Ghi chú ${i}`);
    const err = await failure(read(csv(...notes, HEADER, 'A1,Trường A,TH,Ba Đình,')));
    expect(err).toMatchObject({ code: 'import_missing_column', params: { fields: ['code', 'name', 'level', 'unit'] } });
  });

  it(`accepts ${MAX_DATA_ROWS} data rows and refuses ${MAX_DATA_ROWS + 1} (413 import_too_many_rows)`, async () => {
    const lines = Array.from({ length: MAX_DATA_ROWS }, (_, i) => `S${i},Trường số ${i},TH,Ba Đình,`);
    const progress: number[] = [];
    const ok = await read(csv(HEADER, ...lines, '', ''), 'ok.csv', (done) => progress.push(done));
    expect(ok.rows).toHaveLength(MAX_DATA_ROWS);
    expect(ok.rows.at(-1)?.line).toBe(MAX_DATA_ROWS + 1);
    expect(progress).toHaveLength(MAX_DATA_ROWS / 500);
    expect(progress.at(-1)).toBe(MAX_DATA_ROWS);

    const err = await failure(read(csv(HEADER, ...lines, 'S-extra,Trường thừa,TH,Ba Đình,')));
    expect(err).toMatchObject({ status: 413, code: 'import_too_many_rows', params: { limit: MAX_DATA_ROWS } });
  });

  it('never fails with anything but ImportFileError, whatever the bytes (property)', async () => {
    const zipHead = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.concat([zipHead, b])),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from(`${HEADER}\n`), b])),
      fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => Buffer.from(`${HEADER}\n${s}`)),
    );
    await fc.assert(
      fc.asyncProperty(inputs, async (bytes) => {
        const outcome = await read(bytes).then(
          (r) => r,
          (err: unknown) => err,
        );
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(ImportFileError);
        else expect((outcome as SchoolFileResult).total).toBe((outcome as SchoolFileResult).rows.length + (outcome as SchoolFileResult).rejected.length);
      }),
      { numRuns: 400 },
    );
  });
});

describe('readSchoolFile: XLSX', () => {
  it('reads the first worksheet: spreadsheet row numbers, numbers, rich text, hyperlinks and dates as text', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('Trường');
      ws.addRow(['Mã trường', 'Tên trường', 'Cấp học', 'Phường/xã', 'Địa chỉ']);
      ws.addRow([1234, { richText: [{ text: 'Trường ', font: { bold: true } }, { text: 'Tiểu học Kim Đồng' }] }, 'Tiểu học', 'Ba Đình', null]);
      ws.addRow([]); // row 3 stays empty
      ws.addRow(['HK-05', { text: 'Trường THCS Trưng Vương', hyperlink: 'https://example.org' }, 'THCS', 70, new Date(Date.UTC(2024, 0, 2))]);
      ws.getCell('D4').value = '00070';
      wb.addWorksheet('Ghi chú').addRow(['not', 'read']);
    });
    const result = await read(bytes, 'truong.xlsx');
    expect(result).toEqual({
      total: 2,
      rejected: [],
      rows: [
        { line: 2, code: '1234', name: 'Trường Tiểu học Kim Đồng', level: 'primary', unitId: '00004', address: null },
        { line: 4, code: 'HK-05', name: 'Trường THCS Trưng Vương', level: 'lower_secondary', unitId: '00070', address: '2024-01-02' },
      ],
    });
  });

  it('finds the header below title rows, and reads a merged unit cell on every row it spans', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.getCell('A1').value = 'DANH SÁCH TRƯỜNG HỌC NĂM HỌC 2025-2026';
      ws.mergeCells('A1:E1');
      ws.getRow(3).values = ['STT', 'Phường/xã', 'Mã trường', 'Tên trường', 'Loại hình'];
      ws.getRow(4).values = [1, 'Ba Đình', 'A1', 'Trường Mầm non A', 'Mầm non'];
      ws.getRow(5).values = [2, null, 'A2', 'Trường Tiểu học B', 'TH&THCS'];
      ws.mergeCells('B4:B5');
    });
    const result = await read(bytes, 'ds.xlsx');
    expect(result.rows.map((r) => [r.line, r.code, r.unitId, r.level])).toEqual([
      [4, 'A1', '00004', 'kindergarten'],
      [5, 'A2', '00004', 'multi_level'],
    ]);
  });

  it('rejects rows whose cells are formulas, never trusting the cached result; "=" in a text cell is data', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['code', 'name', 'level', 'unit']);
      ws.addRow(['F1', 'Trường F', { formula: 'IF(TRUE,"THCS","")', result: 'THCS' }, 'Ba Đình']);
      ws.addRow([{ formula: 'CONCAT("A","2")', result: 'A2' }, 'Trường G', 'THCS', 'Ba Đình']);
      ws.addRow(['T3', '=1+2', 'THCS', 'Ba Đình']);
    });
    const result = await read(bytes, 's.xlsx');
    expect(result.rejected).toEqual([
      { line: 2, code: 'import_formula', params: { column: 'level' } },
      { line: 3, code: 'import_formula', params: { column: 'code' } },
    ]);
    expect(result.rows).toMatchObject([{ line: 4, code: 'T3', name: '=1+2' }]);
  });

  it('treats a workbook named .csv as a workbook', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['code', 'name', 'level', 'unit']);
      ws.addRow(['X1', 'Trường X', 'GDTX', 'hoan kiem']);
    });
    expect((await read(bytes, 'export.csv')).rows).toMatchObject([{ code: 'X1', level: 'continuing_education' }]);
  });

  it('refuses a workbook with only a header row', async () => {
    const bytes = await xlsx((wb) => wb.addWorksheet('S').addRow(['code', 'name', 'level', 'unit']));
    expect(await failure(read(bytes, 's.xlsx'))).toMatchObject({ status: 400, code: 'import_empty' });
  });

  it('refuses a damaged workbook', async () => {
    const bytes = await xlsx((wb) => wb.addWorksheet('S').addRow(['code', 'name', 'level', 'unit']));
    expect(await failure(read(bytes.subarray(0, Math.floor(bytes.length / 2)), 's.xlsx'))).toMatchObject({ status: 400, code: 'import_xlsx_invalid' });
  });

  describe('zip bombs', () => {
    it('refuses an archive whose central directory declares a huge uncompressed size', async () => {
      const bytes = zipOf([deflated('xl/workbook.xml', '<workbook/>'), { ...deflated('xl/worksheets/sheet1.xml', 'x'), declaredSize: 4_000_000_000 }]);
      expect(await failure(read(bytes, 'bomb.xlsx'))).toMatchObject({ status: 400, code: 'import_zip_bomb' });
    });

    it('refuses 200 MB of zeros deflated into a 200 KB workbook, without unpacking it', async () => {
      const zeros = await deflatedZeros(200);
      expect(zeros.length).toBeLessThan(MAX_FILE_BYTES);
      const bytes = zipOf([
        deflated('xl/workbook.xml', '<workbook/>'),
        { name: 'xl/worksheets/sheet1.xml', stored: zeros, method: 8, declaredSize: 200 * 1024 * 1024 },
      ]);
      expect(await failure(read(bytes, 'bomb.xlsx'))).toMatchObject({ status: 400, code: 'import_zip_bomb' });
    });

    it('refuses an implausible compression ratio even under the size cap', async () => {
      const zeros = await deflatedZeros(10);
      const bytes = zipOf([
        deflated('xl/workbook.xml', '<workbook/>'),
        { name: 'xl/worksheets/sheet1.xml', stored: zeros, method: 8, declaredSize: 10 * 1024 * 1024 },
      ]);
      expect(await failure(read(bytes, 'bomb.xlsx'))).toMatchObject({ code: 'import_zip_bomb' });
    });

    it('refuses an entry that inflates to more than it declares', async () => {
      const zeros = await deflatedZeros(2);
      const bytes = zipOf([deflated('xl/workbook.xml', '<workbook/>'), { name: 'xl/worksheets/sheet1.xml', stored: zeros, method: 8, declaredSize: 1000 }]);
      expect(await failure(read(bytes, 'liar.xlsx'))).toMatchObject({ code: 'import_zip_bomb' });
    });
  });

  it('never fails with anything but ImportFileError when a real workbook is corrupted (property)', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['code', 'name', 'level', 'unit']);
      ws.addRow(['A1', 'Trường A', 'TH', 'Ba Đình']);
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const copy = Buffer.from(bytes);
        for (const [at, value] of flips) copy[at] = value;
        const outcome = await read(copy, 'x.xlsx').then(
          () => null,
          (err: unknown) => err,
        );
        if (outcome !== null) expect(outcome).toBeInstanceOf(ImportFileError);
      }),
      { numRuns: 150 },
    );
  });
});

describe('normaliseHeader', () => {
  it.each([
    ['Mã trường', 'matruong'],
    ['  MÃ   TRƯỜNG ', 'matruong'],
    ['ma truong', 'matruong'],
    ['Mã trường (*)', 'matruong'],
    ['Phường/Xã', 'phuongxa'],
    ['Đơn vị hành chính', 'donvihanhchinh'],
    ['School Code', 'schoolcode'],
    ['Địa chỉ'.normalize('NFD'), 'diachi'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseHeader(input)).toBe(expected);
  });
});

describe('parseLevel', () => {
  it.each([
    ['kindergarten', 'kindergarten'],
    ['Mầm non', 'kindergarten'],
    ['mam non', 'kindergarten'],
    ['MN', 'kindergarten'],
    ['Nhà trẻ', 'kindergarten'],
    ['mẫu giáo', 'kindergarten'],
    ['primary', 'primary'],
    ['Tiểu học', 'primary'],
    ['TH', 'primary'],
    ['Trường Tiểu học', 'primary'],
    ['lower_secondary', 'lower_secondary'],
    ['THCS', 'lower_secondary'],
    ['trung hoc co so', 'lower_secondary'],
    ['upper_secondary', 'upper_secondary'],
    ['THPT', 'upper_secondary'],
    ['Trung học phổ thông', 'upper_secondary'],
    ['multi_level', 'multi_level'],
    ['Liên cấp', 'multi_level'],
    ['TH&THCS', 'multi_level'],
    ['THCS & THPT', 'multi_level'],
    ['Tiểu học và THCS', 'multi_level'],
    ['MN-TH-THCS', 'multi_level'],
    ['Phổ thông nhiều cấp', 'multi_level'],
    ['continuing_education', 'continuing_education'],
    ['GDTX', 'continuing_education'],
    ['Giáo dục thường xuyên', 'continuing_education'],
    ['Trung tâm GDNN-GDTX', 'continuing_education'],
    ['care_facility', 'care_facility'],
    ['Cơ sở trợ giúp xã hội', 'care_facility'],
    ['co so cham soc', 'care_facility'],
    ['Care facility', 'care_facility'],
  ])('%j → %s', (input, expected) => {
    expect(parseLevel(input)).toBe(expected);
  });

  it.each(['', '   ', 'Đại học', 'THCS & Đại học', 'cao đẳng', 'x'])('%j → null', (input) => {
    expect(parseLevel(input)).toBeNull();
  });

  it('ignores case, spacing and diacritics (property)', () => {
    const labels = ['Mầm non', 'Tiểu học', 'Trung học cơ sở', 'Trung học phổ thông', 'Liên cấp', 'Giáo dục thường xuyên', 'Cơ sở trợ giúp xã hội'];
    fc.assert(
      fc.property(fc.constantFrom(...labels), fc.boolean(), fc.boolean(), fc.nat(3), (label, upper, strip, pad) => {
        let variant = upper ? label.toUpperCase() : label.toLowerCase();
        if (strip)
          variant = variant
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .replace(/[đĐ]/g, 'd');
        expect(parseLevel(' '.repeat(pad) + variant.replace(/ /g, '  '))).toBe(parseLevel(label));
      }),
    );
  });
});

describe('messages', () => {
  it('registers every message code this parser uses, in Vietnamese and English with the same placeholders', () => {
    const source = readFileSync(new URL('./import-file.ts', import.meta.url), 'utf8');
    const codes = new Set(Array.from(source.matchAll(/'(import_[a-z0-9_]+)'/g), (m) => m[1] as string));
    expect(codes.size).toBeGreaterThan(15);
    const placeholders = (s: string) => Array.from(s.matchAll(/\{(\w+)\}/g), (m) => m[1]).sort();
    for (const code of codes) {
      expect(hasMessage(code), code).toBe(true);
      const vi = t('vi', code);
      const en = t('en', code);
      expect(vi, code).not.toBe(en);
      expect(placeholders(vi), code).toEqual(placeholders(en));
    }
  });
});
