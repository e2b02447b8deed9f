import { describe, expect, it } from 'vitest';
import { readDocx } from '../../documents/read-docx.js';
import { writeOfficialDocument } from '../../documents/write-document.js';
import type { LetterIssuer } from './letter-input.js';
import { referralLetter } from './referral-letter.js';
import { takedownLetter } from './takedown-letter.js';

const issuer: LetterIssuer = {
  parent: 'Ủy ban nhân dân phường Hoàn Kiếm',
  agency: 'Phòng Văn hóa - Xã hội',
  abbreviation: 'VHXH',
  place: 'Hà Nội',
  signer: { authority: 'KT. Trưởng phòng', post: 'Phó Trưởng phòng', name: 'Trần Thị Bình' },
};
// 23:30 in Hanoi on 31 January: the letter is dated 31 January (tháng 01), not 1 February.
const at = new Date('2026-01-31T16:30:00Z');

describe('case letters, read back from the written .docx', () => {
  it('takedown request: platform addressed, URLs, violation, legal basis, 24-hour deadline, number left for the clerk', async () => {
    const docx = await writeOfficialDocument(
      takedownLetter({
        issuer,
        at,
        caseCode: 'HS-2026-000123',
        violationType: 'sextortion',
        urls: ['https://social.example/p/1', 'https://social.example/u/kẻ-xấu'],
        platform: 'Công ty TNHH Mạng Xã Hội Ví Dụ',
        deadlineHours: 24,
        replyTo: 'vhxh.hoankiem@hanoi.gov.vn',
      }),
    );
    const doc = readDocx(docx);
    expect(doc.tables[0]?.[0]?.[0]).toBe('ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM\nPHÒNG VĂN HÓA - XÃ HỘI\n');
    expect(doc.tables[0]?.[1]).toEqual([
      'Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/CV-VHXH\nV/v đề nghị ngăn chặn, gỡ bỏ nội dung vi phạm quyền trẻ em trên môi trường mạng',
      'Hà Nội, ngày 31 tháng 01 năm 2026',
    ]);
    const body = doc.bodyParagraphs.filter((p) => p !== '');
    expect(body[0]).toBe('Kính gửi: Công ty TNHH Mạng Xã Hội Ví Dụ');
    expect(body[1]).toContain('Luật Trẻ em số 102/2016/QH13');
    expect(body[1]).toContain('Luật An ninh mạng số 24/2018/QH14');
    expect(body[1]).toContain('Nghị định số 147/2024/NĐ-CP');
    expect(body[2]).toContain('vụ việc số HS-2026-000123');
    expect(body[2]).toContain('tống tiền tình dục');
    expect(body.slice(3, 5)).toEqual(['- https://social.example/p/1', '- https://social.example/u/kẻ-xấu']);
    expect(body[5]).toContain('chậm nhất trong vòng 24 giờ');
    expect(body[5]).toContain('vhxh.hoankiem@hanoi.gov.vn');
    expect(doc.tables.at(-1)?.[0]).toEqual([
      'Nơi nhận:\n- Như trên;\n- Lưu: VT, hồ sơ vụ việc HS-2026-000123.',
      'KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\n\n\n\n\nTrần Thị Bình',
    ]);
  });

  it('referral to the police: numbered sections with the summary, the URLs and what is asked', async () => {
    const doc = readDocx(
      await writeOfficialDocument(
        referralLetter({
          issuer,
          at,
          caseCode: 'HS-2026-000124',
          violationType: 'grooming',
          urls: ['https://chat.example/room/9'],
          target: 'police',
          recipient: 'Công an phường Hoàn Kiếm',
          summary: 'Một tài khoản nhắn tin dụ dỗ học sinh gặp mặt.',
          contact: 'số điện thoại 024 0000 0000',
        }),
      ),
    );
    const body = doc.bodyParagraphs.filter((p) => p !== '');
    expect(doc.tables[0]?.[1]?.[0]).toContain('V/v chuyển thông tin vụ việc HS-2026-000124 để xử lý theo thẩm quyền');
    expect(body).toContain('I. Nội dung vụ việc');
    expect(body).toContain('Một tài khoản nhắn tin dụ dỗ học sinh gặp mặt.');
    expect(body).toContain('II. Địa chỉ nội dung liên quan');
    expect(body).toContain('- https://chat.example/room/9');
    expect(body).toContain('III. Đề nghị');
    expect(doc.text).toContain('kể cả khởi tố nếu có dấu hiệu tội phạm');
    expect(doc.text).toContain('dụ dỗ trẻ em');
  });

  it('a referral to an inspectorate without URLs says so; hostile text stays text', async () => {
    const doc = readDocx(
      await writeOfficialDocument(
        referralLetter({
          issuer,
          at,
          caseCode: 'HS-2026-000125',
          violationType: 'harmful_content',
          urls: [],
          target: 'inspectorate',
          recipient: 'Thanh tra Sở Văn hóa và Thể thao',
          summary: '<script>alert(1)</script>\u0000</w:t></w:r>',
          contact: 'e-mail',
        }),
      ),
    );
    expect(doc.bodyParagraphs).toContain('Không có.');
    expect(doc.bodyParagraphs).toContain('<script>alert(1)</script></w:t></w:r>');
    expect(doc.text).toContain('xử phạt vi phạm hành chính theo thẩm quyền');
  });
});
