import { describe, expect, it } from 'vitest';
import { csvLine, parseHashCsv } from './csv.js';

const hex = (n: number, len = 64) => n.toString(16).padStart(len, '0');

describe('hash list CSV: hostile files read line by line', () => {
  it('reads a spreadsheet export: BOM, CRLF and lone CR/LF mixed, quoted commas and quotes, header, comments', () => {
    const text = `\ufeffHash;Label\r\n${hex(1)},"ảnh, loạt A"\r\n# ghi chú, "không phải" dữ liệu\n${hex(2)}\t"nói ""xin chào"""\r\n\r\n"${hex(3)}";nhãn\n`;
    const r = parseHashCsv(text, 'pdq');
    expect(r.hashes).toEqual([
      { hash: hex(1), label: 'ảnh, loạt A' },
      { hash: hex(2), label: 'nói "xin chào"' },
      { hash: hex(3), label: 'nhãn' },
    ]);
    expect(r).toMatchObject({ rejected: 0, lines: 6 });
  });

  it('takes a missing label column as no label, and reports short, long and junk lines by their number', () => {
    const text = [`${hex(4)}`, `${hex(5)},`, `${hex(6, 60)},short`, 'zz,not hex', `${hex(7)},${'x'.repeat(201)}`, 'a'.repeat(1001), `${hex(8)}`].join('\r\n');
    const r = parseHashCsv(text, 'pdq');
    expect(r.hashes).toEqual([
      { hash: hex(4), label: null },
      { hash: hex(5), label: null },
      { hash: hex(8), label: null },
    ]);
    expect(r.rejectedLines.map((x) => [x.line, x.reason])).toEqual([
      [3, 'wrong_length'],
      [4, 'bad_hex'],
      [5, 'label_too_long'],
      [6, 'line_too_long'],
    ]);
    expect(r.rejectedLines[3]?.text).toHaveLength(200); // echoed, but capped
  });

  it('keeps a never-closed quote on its own line: the hashes after it are still read', () => {
    const r = parseHashCsv(`${hex(9)},"nhãn chưa đóng\n${hex(10)},"ok"\n"${hex(11)}\n${hex(12)},x`, 'pdq');
    expect(r.hashes.map((h) => h.hash)).toEqual([hex(9), hex(10), hex(12)]);
    expect(r.hashes[0]?.label).toBe('"nhãn chưa đóng');
    expect(r.rejectedLines.map((x) => x.line)).toEqual([3]);
  });

  it('writes what it reads back: labels with separators, quotes and line breaks survive a round trip', () => {
    const labels = ['a,b', 'say "hi"', 'tab\there', 'semi;colon', 'hai\r\ndòng', null, 'thường'];
    const text = ['hash,label', ...labels.map((l, i) => csvLine(hex(100 + i), l))].join('\n');
    const r = parseHashCsv(text, 'pdq');
    expect(r.hashes.map((h) => h.label)).toEqual(['a,b', 'say "hi"', 'tab\there', 'semi;colon', 'hai dòng', null, 'thường']);
    expect(r.rejected).toBe(0);
  });
});
