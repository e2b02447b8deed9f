import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { OfficialDocument } from './model.js';
import { readDocx } from './read-docx.js';
import { hanoiDate, placeAndDate } from './vn-date.js';
import { writeOfficialDocument } from './write-document.js';

const chart = () =>
  sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .png()
    .toBuffer();

const report = async (): Promise<OfficialDocument> => ({
  agency: { parent: 'Ủy ban nhân dân thành phố Hà Nội', name: 'Sở Giáo dục và Đào tạo' },
  number: { seq: 125, symbol: 'BC-SGDĐT' },
  place: 'Hà Nội',
  date: { year: 2026, month: 2, day: 5 },
  title: { name: 'Báo cáo', summary: 'Kết quả bảo vệ trẻ em trên môi trường mạng 6 tháng đầu năm 2026' },
  body: [
    { kind: 'paragraph', text: 'Thực hiện Chỉ thị của Ủy ban nhân dân Thành phố, Sở báo cáo như sau:' },
    {
      kind: 'section',
      heading: 'Kết quả thực hiện',
      blocks: [
        {
          kind: 'section',
          heading: 'Tuyên truyền',
          blocks: [
            {
              kind: 'table',
              caption: 'Bảng 1. Trường đã tổ chức tuyên truyền',
              columns: ['Phường', 'Số trường', 'Tỷ lệ'],
              rows: [
                ['Hoàn Kiếm', 1234, '98,5 %'],
                ['Ba Đình', 17, null],
              ],
            },
            { kind: 'image', png: await chart(), widthMm: 120, caption: 'Biểu đồ 1. Tỷ lệ theo phường' },
          ],
        },
        { kind: 'section', heading: 'Hỗ trợ trẻ em', blocks: [{ kind: 'list', items: ['https://vd.vn/a', 'https://vd.vn/b'] }] },
      ],
    },
    { kind: 'section', heading: 'Phương hướng', blocks: [{ kind: 'paragraph', text: [{ text: 'Đậm', bold: true }, { text: ' thường' }] }] },
  ],
  signature: { authority: 'KT. Giám đốc', post: 'Phó Giám đốc', name: 'Nguyễn Văn An' },
  copiesTo: ['UBND Thành phố (để b/c);', 'Lưu: VT, CTHSSV'],
});

describe('official document writer (Decree 30/2020 layout), read back from the .docx', () => {
  it('writes the header table: agency left, national name and motto right, number and date', async () => {
    const doc = readDocx(await writeOfficialDocument(await report()));
    const header = doc.tables[0];
    expect(header?.[0]?.[0]).toBe('ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n');
    expect(header?.[0]?.[1]).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n');
    expect(header?.[1]).toEqual(['Số: 125/BC-SGDĐT', 'Hà Nội, ngày 05 tháng 02 năm 2026']);
  });

  it('writes the title, numbered sections (I. → 1. → lists), tables with their numbers and the picture', async () => {
    const doc = readDocx(await writeOfficialDocument(await report()));
    const body = doc.bodyParagraphs.filter((p) => p !== '');
    expect(body).toEqual([
      'BÁO CÁO',
      'Kết quả bảo vệ trẻ em trên môi trường mạng 6 tháng đầu năm 2026',
      'Thực hiện Chỉ thị của Ủy ban nhân dân Thành phố, Sở báo cáo như sau:',
      'I. Kết quả thực hiện',
      '1. Tuyên truyền',
      'Bảng 1. Trường đã tổ chức tuyên truyền',
      'Biểu đồ 1. Tỷ lệ theo phường',
      '2. Hỗ trợ trẻ em',
      '- https://vd.vn/a',
      '- https://vd.vn/b',
      'II. Phương hướng',
      'Đậm thường',
    ]);
    expect(doc.tables[1]).toEqual([
      ['Phường', 'Số trường', 'Tỷ lệ'],
      ['Hoàn Kiếm', '1.234', '98,5 %'],
      ['Ba Đình', '17', '-'],
    ]);
    expect(doc.images).toHaveLength(1);
  });

  it('closes with "Nơi nhận" on the left and the signature block on the right', async () => {
    const doc = readDocx(await writeOfficialDocument(await report()));
    const closing = doc.tables.at(-1);
    expect(closing?.[0]?.[0]).toBe('Nơi nhận:\n- UBND Thành phố (để b/c);\n- Lưu: VT, CTHSSV.');
    expect(closing?.[0]?.[1]).toBe('KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\n\n\nNguyễn Văn An');
  });

  it('sets A4, the decree’s margins and Times New Roman 11–14 pt', async () => {
    const doc = readDocx(await writeOfficialDocument(await report()));
    expect(doc.page).toEqual({ width: 210, height: 297, top: 20, bottom: 20, left: 30, right: 15 });
    expect([...doc.fonts]).toEqual(['Times New Roman']);
    for (const size of doc.sizesPt) expect(size >= 11 && size <= 14).toBe(true);
  });

  it('writes a letter: blank number for the clerk, "V/v" line, addressees, no title', async () => {
    const doc = readDocx(
      await writeOfficialDocument({
        ...(await report()),
        number: { symbol: 'CV-CAH' },
        title: undefined,
        letterSubject: 'đề nghị gỡ bỏ nội dung',
        addressees: ['Công ty A', 'Công ty B'],
        body: [{ kind: 'paragraph', text: 'Nội dung.' }],
      }),
    );
    expect(doc.tables[0]?.[1]?.[0]).toBe('Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/CV-CAH\nV/v đề nghị gỡ bỏ nội dung');
    expect(doc.bodyParagraphs.filter((p) => p !== '')).toEqual(['Kính gửi:', '- Công ty A;', '- Công ty B;', 'Nội dung.']);
  });

  it('keeps hostile text readable: control characters and lone surrogates dropped, markup kept as text', async () => {
    const doc = readDocx(
      await writeOfficialDocument({
        ...(await report()),
        body: [
          { kind: 'paragraph', text: 'a\u0000b\u0007<w:p>&amp;\ud800c\u{1F600}' },
          { kind: 'list', items: ['x'.repeat(100_000)] },
        ],
      }),
    );
    expect(doc.bodyParagraphs).toContain('ab<w:p>&amp;c\u{1F600}');
    expect(doc.bodyParagraphs).toContain(`- ${'x'.repeat(100_000)}`);
  });

  it('refuses a picture that is not a PNG', async () => {
    const doc = { ...(await report()), body: [{ kind: 'image' as const, png: Buffer.from('GIF89a not a png at all') }] };
    await expect(writeOfficialDocument(doc)).rejects.toThrow('image is not a PNG');
  });
});

describe('place and date line', () => {
  it('pads days below 10 and the months 1 and 2 only', () => {
    expect(placeAndDate('Hà Nội', { year: 2026, month: 1, day: 9 })).toBe('Hà Nội, ngày 09 tháng 01 năm 2026');
    expect(placeAndDate('Hà Nội', { year: 2026, month: 3, day: 10 })).toBe('Hà Nội, ngày 10 tháng 3 năm 2026');
    expect(placeAndDate('Hà Nội', { year: 2026, month: 12, day: 31 })).toBe('Hà Nội, ngày 31 tháng 12 năm 2026');
  });

  it('dates by the calendar in Hanoi (UTC+7)', () => {
    expect(hanoiDate(new Date('2026-12-31T16:59:59Z'))).toEqual({ year: 2026, month: 12, day: 31 });
    expect(hanoiDate(new Date('2026-12-31T17:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
  });
});
