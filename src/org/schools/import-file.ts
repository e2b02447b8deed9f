/**
 * Reads a schools file (CSV UTF-8 or Excel .xlsx) uploaded by an admin or given to
 * `lachan import schools FILE`, and turns it into validated rows plus rejected rows, each
 * with the line the user sees in their spreadsheet and a message code saying why.
 *
 * Pure parsing: no database. Whole-file problems (wrong type, too big, missing column)
 * throw ImportFileError; row problems never do, they land in `rejected`.
 */
import { inflateRawSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import type { CellValue } from 'exceljs';
import { AppError } from '../../shared/errors.js';
import { registerMessages } from '../../shared/i18n.js';
import { foldVietnamese } from '../../shared/text.js';
import type { SchoolLevel } from '../tables.js';
import { SCHOOL_LEVELS } from './levels.js';

/** Returns a unit id or null; supplied by the caller. */
export type UnitResolver = (text: string) => string | null;

export interface SchoolImportRow {
  line: number;
  code: string;
  name: string;
  level: SchoolLevel;
  unitId: string;
  address: string | null;
}

/** `code` is a message code, e.g. 'import_level_unknown'; `params` fill its placeholders. */
export interface RejectedRow {
  line: number;
  code: string;
  params: Record<string, unknown>;
}

/** `total` counts the non-empty data rows: always rows.length + rejected.length. */
export interface SchoolFileResult {
  total: number;
  rows: SchoolImportRow[];
  rejected: RejectedRow[];
}

/** A problem with the file as a whole: nothing in it is imported. */
export class ImportFileError extends AppError {
  constructor(status: 400 | 413 | 415, code: string, params: Record<string, unknown> = {}) {
    super(status, code, params);
    this.name = 'ImportFileError';
  }
}

// ---------------------------------------------------------------------------------------------
// Limits

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_DATA_ROWS = 20_000;
/** Sum of the uncompressed sizes of every entry of an .xlsx. */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;
/** Uncompressed ÷ compressed over the whole archive; real workbooks stay well under 30. */
export const MAX_ZIP_RATIO = 100;
/** The ratio is only judged once the archive unpacks to more than this (tiny files compress oddly). */
const ZIP_RATIO_FLOOR_BYTES = 1024 * 1024;
const MAX_ZIP_ENTRIES = 1_000;
/** Rows looked at to find the header (title rows such as "DANH SÁCH TRƯỜNG HỌC" may come first). */
const HEADER_SCAN_ROWS = 10;
const PROGRESS_EVERY = 500;
const MAX_CODE = 32;
const MAX_NAME = 200;
const MAX_ADDRESS = 300;
/** Longest cell text echoed back in a rejection's params. */
const MAX_ECHO = 80;

registerMessages({
  import_too_large: {
    vi: 'Tệp quá lớn: tối đa {limitMb} MB. Hãy chia thành nhiều tệp nhỏ hơn.',
    en: 'The file is too large: at most {limitMb} MB. Split it into smaller files.',
  },
  import_unsupported_type: {
    vi: 'Không đọc được tệp "{filename}": chỉ nhận bảng tính Excel (.xlsx) hoặc tệp CSV mã UTF-8. Với tệp .xls (Excel 97-2003), hãy mở bằng Excel và chọn Lưu dưới dạng → "Excel Workbook (.xlsx)" hoặc "CSV UTF-8".',
    en: 'Cannot read "{filename}": only Excel workbooks (.xlsx) and UTF-8 CSV files are accepted. For an .xls file (Excel 97-2003), open it in Excel and use Save As → "Excel Workbook (.xlsx)" or "CSV UTF-8".',
  },
  import_not_utf8: {
    vi: 'Tệp CSV không dùng bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi font. Trong Excel, chọn Lưu dưới dạng → "CSV UTF-8 (Comma delimited) (*.csv)" rồi tải lên lại.',
    en: 'The CSV file is not UTF-8 encoded, so Vietnamese text would be garbled. In Excel, use Save As → "CSV UTF-8 (Comma delimited) (*.csv)" and upload it again.',
  },
  import_empty: {
    vi: 'Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống).',
    en: 'The file has no data rows (only a header, or nothing at all).',
  },
  import_too_many_rows: {
    vi: 'Tệp có quá nhiều dòng: tối đa {limit} dòng dữ liệu mỗi lần nhập. Hãy chia thành nhiều tệp.',
    en: 'Too many rows: at most {limit} data rows per import. Split the file.',
  },
  import_zip_bomb: {
    vi: 'Tệp Excel bị từ chối vì khi giải nén có kích thước bất thường (vượt {limitMb} MB hoặc tỉ lệ nén quá cao).',
    en: 'The Excel file was rejected: it unpacks to an abnormal size (over {limitMb} MB, or an implausible compression ratio).',
  },
  import_xlsx_invalid: {
    vi: 'Tệp Excel bị hỏng hoặc không đọc được. Hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi thử lại.',
    en: 'The Excel file is damaged or unreadable. Open it in Excel, save it again as .xlsx and retry.',
  },
  import_csv_malformed: {
    vi: 'Tệp CSV sai định dạng từ dòng {line} (thường do một dấu ngoặc kép " chưa được đóng).',
    en: 'The CSV file is malformed from line {line} on (usually a double quote " that is never closed).',
  },
  import_missing_column: {
    vi: 'Thiếu cột bắt buộc: {columns}. Dòng tiêu đề cần có các cột: mã trường, tên trường, cấp học, phường/xã (địa chỉ không bắt buộc).',
    en: 'Missing required column(s): {columns}. The header row needs: school code, name, level, ward/commune (address is optional).',
  },
  import_formula: {
    vi: 'Ô ở cột "{column}" chứa công thức; hãy sao chép và dán giá trị (Paste Values) thay cho công thức.',
    en: 'The cell in column "{column}" holds a formula; copy and paste values (Paste Values) instead.',
  },
  import_code_required: { vi: 'Thiếu mã trường.', en: 'The school code is missing.' },
  import_code_invalid: {
    vi: 'Mã trường "{value}" không hợp lệ: tối đa {max} ký tự, chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -',
    en: 'Invalid school code "{value}": at most {max} characters, only unaccented letters, digits and . _ -',
  },
  import_duplicate_code: {
    vi: 'Mã trường "{value}" bị trùng với dòng {firstLine}.',
    en: 'School code "{value}" already appears on line {firstLine}.',
  },
  import_name_required: { vi: 'Thiếu tên trường.', en: 'The school name is missing.' },
  import_name_too_long: {
    vi: 'Tên trường quá dài ({length} ký tự, tối đa {max}).',
    en: 'The school name is too long ({length} characters, at most {max}).',
  },
  import_level_required: { vi: 'Thiếu cấp học.', en: 'The school level is missing.' },
  import_level_unknown: {
    vi: 'Không nhận ra cấp học "{value}". Dùng một trong: mầm non, tiểu học, THCS, THPT, liên cấp, GDTX, cơ sở trợ giúp xã hội.',
    en: 'Unknown school level "{value}". Use one of: kindergarten, primary, lower_secondary, upper_secondary, multi_level, continuing_education, care_facility (or the Vietnamese names).',
  },
  import_unit_required: { vi: 'Thiếu phường/xã.', en: 'The ward/commune is missing.' },
  import_unit_unknown: {
    vi: 'Không tìm thấy phường/xã "{value}" ở Hà Nội.',
    en: 'No ward or commune "{value}" found in Hà Nội.',
  },
  import_address_too_long: {
    vi: 'Địa chỉ quá dài ({length} ký tự, tối đa {max}).',
    en: 'The address is too long ({length} characters, at most {max}).',
  },
});

// ---------------------------------------------------------------------------------------------
// Text helpers

type Field = 'code' | 'name' | 'level' | 'unit' | 'address';
const FIELDS: readonly Field[] = ['code', 'name', 'level', 'unit', 'address'];
const REQUIRED: readonly Field[] = ['code', 'name', 'level', 'unit'];
/** How a missing column is named in import_missing_column: the Vietnamese header, then the English one. */
const FIELD_LABEL: Record<Field, string> = {
  code: 'mã trường (code)',
  name: 'tên trường (name)',
  level: 'cấp học (level)',
  unit: 'phường/xã (ward/commune)',
  address: 'địa chỉ (address)',
};

const WHITESPACE = /[\s\u0085\u180e]+/gu;
/** Control characters and invisible formatting marks (zero-width, bidi overrides, soft hyphen, BOM). */
const INVISIBLE = /[\p{Cc}\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** What we keep of a cell: NFC, controls stripped, every run of whitespace (newlines too) one space, trimmed. */
function cleanCell(s: string): string {
  return s.replace(WHITESPACE, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim().normalize('NFC');
}

/** Folded words: lower case, no diacritics, anything but letters and digits becomes one space. */
function words(s: string): string {
  return foldVietnamese(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function echo(s: string): string {
  const chars = Array.from(s);
  return chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO).join('')}…` : s;
}

// ---------------------------------------------------------------------------------------------
// Headers

/**
 * Case-, space-, punctuation- and diacritics-insensitive form of a header, with notes in brackets
 * dropped: "Mã  Trường (*)" → "matruong", "Phường/Xã" → "phuongxa".
 */
export function normaliseHeader(h: string): string {
  const withoutNotes = h.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  const key = words(withoutNotes).replace(/ /g, '');
  return key || words(h).replace(/ /g, '');
}

const HEADER_ALIASES: Record<Field, readonly string[]> = {
  code: ['mã trường', 'mã trường học', 'mã', 'mã số', 'code', 'school code'],
  name: ['tên trường', 'tên trường học', 'tên', 'name', 'school name'],
  level: ['cấp học', 'cấp', 'loại hình', 'loại hình trường', 'level', 'school level'],
  unit: ['phường/xã', 'xã/phường', 'phường', 'xã', 'mã phường/xã', 'đơn vị hành chính', 'địa bàn', 'unit', 'ward', 'commune', 'ward/commune', 'commune/ward'],
  address: ['địa chỉ', 'address'],
};

const FIELD_BY_HEADER = new Map<string, Field>();
for (const field of FIELDS) for (const alias of HEADER_ALIASES[field]) FIELD_BY_HEADER.set(normaliseHeader(alias), field);

function headerField(h: string): Field | undefined {
  // "Phường (xã)" loses its note and is still a ward; "(Mã)" alone keeps it.
  return FIELD_BY_HEADER.get(normaliseHeader(h)) ?? FIELD_BY_HEADER.get(words(h).replace(/ /g, ''));
}

type Columns = Partial<Record<Field, number>>;

/** The first column matching each field wins; unknown columns are ignored. */
function matchHeader(cells: readonly (string | undefined)[]): Columns {
  const columns: Columns = {};
  cells.forEach((cell, i) => {
    if (!cell) return;
    const field = headerField(cell);
    if (field && columns[field] === undefined) columns[field] = i;
  });
  return columns;
}

// ---------------------------------------------------------------------------------------------
// Levels

const LEVEL_ALIASES: Record<SchoolLevel, readonly string[]> = {
  kindergarten: ['mầm non', 'MN', 'nhà trẻ', 'mẫu giáo', 'MG', 'nhà trẻ mẫu giáo', 'preschool', 'nursery'],
  primary: ['tiểu học', 'TH', 'cấp 1', 'primary school'],
  lower_secondary: ['THCS', 'trung học cơ sở', 'cấp 2', 'lower secondary school'],
  upper_secondary: ['THPT', 'trung học phổ thông', 'cấp 3', 'upper secondary school', 'high school'],
  multi_level: ['liên cấp', 'phổ thông nhiều cấp', 'phổ thông có nhiều cấp học', 'nhiều cấp', 'multilevel'],
  continuing_education: ['GDTX', 'giáo dục thường xuyên', 'GDNN-GDTX', 'trung tâm GDNN-GDTX', 'giáo dục nghề nghiệp - giáo dục thường xuyên', 'TTGDTX'],
  care_facility: ['cơ sở trợ giúp xã hội', 'cơ sở chăm sóc', 'cơ sở bảo trợ xã hội', 'trợ giúp xã hội', 'bảo trợ xã hội'],
};

const LEVEL_BY_ALIAS = new Map<string, SchoolLevel>();
for (const level of SCHOOL_LEVELS) {
  LEVEL_BY_ALIAS.set(words(level), level); // the codes themselves: "lower_secondary" → "lower secondary"
  for (const alias of LEVEL_ALIASES[level]) LEVEL_BY_ALIAS.set(words(alias), level);
}
/** The levels a "liên cấp" school combines: "TH&THCS", "Tiểu học và THCS", "MN-TH-THCS". */
const COMBINABLE = new Set<SchoolLevel>(['kindergarten', 'primary', 'lower_secondary', 'upper_secondary']);

function aliasLevel(key: string): SchoolLevel | undefined {
  return LEVEL_BY_ALIAS.get(key) ?? LEVEL_BY_ALIAS.get(key.replace(/^(?:truong|trung tam|tt|co so|school)\s+/, ''));
}

/**
 * A level from its code or its Vietnamese name, with or without diacritics, or a common
 * abbreviation: "Tiểu học", "tieu hoc", "TH", "Trường THCS", "TH&THCS", "TT GDNN-GDTX".
 */
export function parseLevel(text: string): SchoolLevel | null {
  const folded = foldVietnamese(cleanCell(text));
  const key = words(folded);
  if (!key) return null;
  const direct = aliasLevel(key);
  if (direct) return direct;
  if (/\b(?:lien cap|nhieu cap)\b/.test(key)) return 'multi_level';
  const parts = folded
    .split(/\s*(?:[&+/,;–-]|\bva\b|\band\b)\s*/)
    .map(words)
    .filter(Boolean);
  if (parts.length < 2) return null;
  const levels = new Set<SchoolLevel>();
  for (const part of parts) {
    const level = aliasLevel(part);
    if (!level || !COMBINABLE.has(level)) return null;
    levels.add(level);
  }
  const [only] = levels;
  return levels.size === 1 && only ? only : 'multi_level';
}

// ---------------------------------------------------------------------------------------------
// Rows: from any source to header + data rows

interface RawRow {
  line: number;
  /** Cell texts by 0-based column; holes for empty cells. */
  cells: readonly (string | undefined)[];
  /** 0-based columns holding a formula (XLSX only). */
  formulas?: ReadonlySet<number>;
}

interface FieldRow {
  line: number;
  values: Record<Field, string>;
  /** A recognised column whose cell is a formula. */
  formulaIn: Field | null;
}

interface Sheet {
  labels: Partial<Record<Field, string>>;
  rows: FieldRow[];
}

/**
 * Takes rows in file order: finds the header among the first non-empty rows, then keeps the
 * data rows that have something in a recognised column, stopping as soon as there are too many.
 */
class RowCollector {
  private columns: Columns | null = null;
  private labels: Partial<Record<Field, string>> = {};
  private scanned = 0;
  private best: { found: number; missing: Field[] } | null = null;
  private readonly rows: FieldRow[] = [];

  push(raw: RawRow): void {
    if (this.columns) {
      this.pushData(raw);
      return;
    }
    if (raw.cells.every((c) => !c || cleanCell(c) === '')) return;
    const columns = matchHeader(raw.cells);
    const missing = REQUIRED.filter((f) => columns[f] === undefined);
    if (missing.length === 0) {
      this.columns = columns;
      for (const f of FIELDS) {
        const i = columns[f];
        if (i !== undefined) this.labels[f] = cleanCell(raw.cells[i] ?? '');
      }
      return;
    }
    const found = Object.keys(columns).length;
    if (!this.best || found > this.best.found) this.best = { found, missing };
    if (++this.scanned >= HEADER_SCAN_ROWS) throw this.missingColumns();
  }

  finish(): Sheet {
    if (!this.columns) throw this.best ? this.missingColumns() : new ImportFileError(400, 'import_empty');
    if (this.rows.length === 0) throw new ImportFileError(400, 'import_empty');
    return { labels: this.labels, rows: this.rows };
  }

  private pushData(raw: RawRow): void {
    const columns = this.columns as Columns;
    const values = { code: '', name: '', level: '', unit: '', address: '' } as Record<Field, string>;
    let formulaIn: Field | null = null;
    let blank = true;
    for (const f of FIELDS) {
      const i = columns[f];
      if (i === undefined) continue;
      values[f] = cleanCell(raw.cells[i] ?? '');
      if (values[f]) blank = false;
      if (raw.formulas?.has(i)) {
        formulaIn ??= f;
        blank = false;
      }
    }
    if (blank) return; // an empty row, or one with only a row number ("STT") filled in
    if (this.rows.length >= MAX_DATA_ROWS) throw new ImportFileError(413, 'import_too_many_rows', { limit: MAX_DATA_ROWS });
    this.rows.push({ line: raw.line, values, formulaIn });
  }

  private missingColumns(): ImportFileError {
    const missing = this.best?.missing ?? [...REQUIRED];
    return new ImportFileError(400, 'import_missing_column', { columns: missing.map((f) => FIELD_LABEL[f]).join(', '), fields: missing });
  }
}

// ---------------------------------------------------------------------------------------------
// File type

const unsupported = (filename: string, format: string) => new ImportFileError(415, 'import_unsupported_type', { filename: echo(filename), format });
const notUtf8 = () => new ImportFileError(400, 'import_not_utf8');
const invalidXlsx = () => new ImportFileError(400, 'import_xlsx_invalid');
const zipBomb = () => new ImportFileError(400, 'import_zip_bomb', { limitMb: MAX_UNZIPPED_BYTES / (1024 * 1024) });

const MAGIC: readonly [string, number[]][] = [
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]], // GIF8
  ['webp', [0x52, 0x49, 0x46, 0x46]], // RIFF
  ['tiff', [0x49, 0x49, 0x2a, 0x00]],
  ['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
  ['xls', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]], // OLE2: .xls, .doc, password-protected .xlsx
  ['zip', [0x50, 0x4b, 0x05, 0x06]], // empty archive
  ['zip', [0x50, 0x4b, 0x07, 0x08]], // spanned archive
  ['gzip', [0x1f, 0x8b]],
  ['rar', [0x52, 0x61, 0x72, 0x21]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf]],
];

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Decodes a text file, refusing what is not UTF-8 text. The BOM, if any, goes. */
function decodeText(bytes: Buffer, filename: string): string {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) throw notUtf8(); // UTF-16 ("Unicode Text")
  // UTF-16 without a BOM has a NUL in every other byte; text full of control characters is binary.
  const sample = bytes.subarray(0, 8192);
  let evenNul = 0;
  let oddNul = 0;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i] as number;
    if (b === 0) i % 2 === 0 ? evenNul++ : oddNul++;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) controls++;
  }
  if (Math.max(evenNul, oddNul) > sample.length * 0.2) throw notUtf8();
  if (controls > sample.length * 0.1) throw unsupported(filename, 'binary');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8();
  }
  if (/^\s*<(?:\?xml|!doctype|html|table)\b/i.test(text)) throw unsupported(filename, 'xml'); // "XML Spreadsheet 2003", HTML tables
  return text;
}

// ---------------------------------------------------------------------------------------------
// CSV

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Picks the delimiter used most often, outside quotes, on the first line that has any
 * (the header, or a title row exported by Excel, which carries the same delimiters).
 */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let fieldStart = true;
  let records = 0;
  const end = Math.min(text.length, 256 * 1024);
  for (let i = 0; i < end; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (c === '\n') {
      let best: string | null = null;
      for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (best ? (counts.get(best) ?? 0) : 0)) best = d;
      if (best) return best;
      if (++records >= HEADER_SCAN_ROWS) break;
      fieldStart = true;
    } else if (counts.has(c)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
      fieldStart = true;
    } else {
      fieldStart = false;
    }
  }
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

function readCsv(bytes: Buffer, filename: string, rows: RowCollector): void {
  // One kind of line break, so that counting "\n" in each record's raw text gives physical lines.
  const text = decodeText(bytes, filename).replace(/\r\n?/g, '\n');
  let line = 1; // where the record being parsed starts
  try {
    parseCsv(text, {
      delimiter: detectDelimiter(text),
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      raw: true,
      on_record: (rec: unknown) => {
        const { record, raw } = rec as { record: string[]; raw: string };
        rows.push({ line, cells: record });
        for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) line++;
        return null; // nothing accumulates inside csv-parse
      },
    });
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(400, 'import_csv_malformed', { line });
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function u64(buf: Buffer, offset: number): number {
  return Number(buf.readBigUInt64LE(offset));
}

/** Offset of the End Of Central Directory record, searched backwards over a possible comment. */
function findEocd(buf: Buffer): number {
  const last = buf.length - 22;
  for (let i = last; i >= 0 && i >= last - 0xffff; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50 && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) return i;
  }
  return -1;
}

/** The central directory, read with plain Buffer operations (ZIP64 included). Throws on anything odd. */
function readCentralDirectory(buf: Buffer): ZipEntry[] {
  const eocd = findEocd(buf);
  if (eocd < 0) throw invalidXlsx();
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  let cdLimit = eocd;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== 0x07064b50) throw invalidXlsx();
    const zip64 = u64(buf, locator + 8);
    if (zip64 + 56 > locator || buf.readUInt32LE(zip64) !== 0x06064b50) throw invalidXlsx();
    count = u64(buf, zip64 + 32);
    cdSize = u64(buf, zip64 + 40);
    cdOffset = u64(buf, zip64 + 48);
    cdLimit = zip64;
  } else if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0) {
    throw invalidXlsx(); // multi-volume archive
  }
  if (count > MAX_ZIP_ENTRIES) throw zipBomb();
  if (cdOffset + cdSize > cdLimit) throw invalidXlsx();

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cdOffset + cdSize || buf.readUInt32LE(p) !== 0x02014b50) throw invalidXlsx();
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) throw invalidXlsx();
    const entry: ZipEntry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLength).replace(/^\//, ''),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    // ZIP64 extended information: the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = buf.readUInt16LE(x);
      const size = buf.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const take = () => {
          if (q + 8 > x + 4 + size) throw invalidXlsx();
          const v = u64(buf, q);
          q += 8;
          return v;
        };
        if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = take();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
        if (entry.localOffset === 0xffffffff) entry.localOffset = take();
      }
      x += 4 + size;
    }
    entries.push(entry);
    p = next;
  }
  if (p !== cdOffset + cdSize) throw invalidXlsx();
  return entries;
}

/**
 * Guards exceljs (which unzips everything into memory without limits) against zip bombs:
 * the declared sizes must be modest, and each entry must really inflate to what it declares.
 *
 * Hand-written on purpose: this is a guard, not a reader (exceljs reads the workbook). The ZIP
 * libraries at hand — jszip, which exceljs loads with, and unzipper, both only transitive — offer
 * no cap on inflated output, so they cannot be the guard; node:zlib's `maxOutputLength` is the cap,
 * and what it needs is the central directory's sizes and offsets, read above with Buffer reads.
 * Measured (Node 20, shared 2-core machine): a 261 KiB .xlsx whose sheet unpacks to 256 MiB of
 * whitespace (valid XML) costs exceljs alone 6.7–6.9 s and +575 MiB of memory to load; this
 * guard refuses it in 1 ms with no measurable growth. At deflate's ~1000:1 the 5 MiB upload limit
 * would otherwise allow about 5 GiB. The hostile archives are in import-file.test.ts ('zip bombs').
 */
export function inspectXlsx(buf: Buffer, filename: string): void {
  const entries = readCentralDirectory(buf);
  let unzipped = 0;
  let zipped = 0;
  for (const e of entries) {
    unzipped += e.uncompressedSize;
    zipped += e.compressedSize;
  }
  if (unzipped > MAX_UNZIPPED_BYTES) throw zipBomb();
  if (unzipped > ZIP_RATIO_FLOOR_BYTES && unzipped / Math.max(zipped, 1) > MAX_ZIP_RATIO) throw zipBomb();
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw unsupported(filename, 'zip'); // .docx, .ods, a plain .zip

  for (const e of entries) {
    if (e.flags & 0x1) throw invalidXlsx(); // encrypted entry
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw invalidXlsx();
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const end = start + e.compressedSize;
    if (end > buf.length) throw invalidXlsx();
    let actual: number;
    if (e.method === 0) {
      actual = e.compressedSize;
    } else if (e.method === 8) {
      try {
        actual = inflateRawSync(buf.subarray(start, end), { maxOutputLength: Math.max(e.uncompressedSize, 1) }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw zipBomb(); // lied about its size
        throw invalidXlsx();
      }
    } else {
      throw invalidXlsx(); // neither stored nor deflated: nothing Excel writes
    }
    if (actual !== e.uncompressedSize) throw invalidXlsx();
  }
}

function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** The text a cell shows, and whether it is a formula (whose cached result we do not trust). */
export function cellText(value: CellValue): { text: string; formula: boolean } {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (typeof value === 'string') return { text: value, formula: false };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(value === 0 ? 0 : value) : '', formula: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', formula: false };
  if (value instanceof Date) return { text: isoDate(value), formula: false };
  if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
  if ('richText' in value) return { text: (value.richText ?? []).map((r) => r.text ?? '').join(''), formula: false };
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return { text, formula: false };
    if (text && typeof text === 'object' && 'richText' in text) return cellText(text as CellValue);
    return { text: value.hyperlink ?? '', formula: false };
  }
  if ('error' in value) return { text: String(value.error), formula: false };
  return { text: '', formula: false };
}

async function readXlsx(bytes: Buffer, filename: string, rows: RowCollector): Promise<void> {
  try {
    inspectXlsx(bytes, filename);
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw invalidXlsx(); // out-of-range reads on a truncated or forged archive
  }
  // Loaded on first use: exceljs is heavy, and most processes never read a spreadsheet.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its argument as an ArrayBuffer look-alike; at run time it takes a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw invalidXlsx();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError(400, 'import_empty');
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: (string | undefined)[] = [];
    const formulas = new Set<number>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const { text, formula } = cellText(cell.value); // a merged cell reads as its top-left cell
      cells[col - 1] = text;
      if (formula) formulas.add(col - 1);
    });
    rows.push({ line: rowNumber, cells, formulas });
  });
}

// ---------------------------------------------------------------------------------------------
// Validation

function validateRow(row: FieldRow, sheet: Sheet, seen: Map<string, number>, resolveUnit: (text: string) => string | null): SchoolImportRow | RejectedRow {
  const { line, values: v } = row;
  const reject = (code: string, params: Record<string, unknown> = {}): RejectedRow => ({ line, code, params });

  if (row.formulaIn) return reject('import_formula', { column: sheet.labels[row.formulaIn] ?? row.formulaIn });

  if (!v.code) return reject('import_code_required');
  if (v.code.length > MAX_CODE || !/^[A-Za-z0-9._-]+$/.test(v.code)) return reject('import_code_invalid', { value: echo(v.code), max: MAX_CODE });
  // "th01" and "TH01" typed by two people are the same school.
  const key = v.code.toUpperCase();
  const firstLine = seen.get(key);
  if (firstLine !== undefined) return reject('import_duplicate_code', { value: v.code, firstLine });
  seen.set(key, line);

  if (!v.name) return reject('import_name_required');
  const nameLength = charLength(v.name);
  if (nameLength > MAX_NAME) return reject('import_name_too_long', { length: nameLength, max: MAX_NAME });

  if (!v.level) return reject('import_level_required');
  const level = parseLevel(v.level);
  if (!level) return reject('import_level_unknown', { value: echo(v.level) });

  if (!v.unit) return reject('import_unit_required');
  const unitId = resolveUnit(v.unit);
  if (!unitId) return reject('import_unit_unknown', { value: echo(v.unit) });

  const addressLength = charLength(v.address);
  if (addressLength > MAX_ADDRESS) return reject('import_address_too_long', { length: addressLength, max: MAX_ADDRESS });

  return { line, code: v.code, name: v.name, level, unitId, address: v.address || null };
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads a schools file. The type comes from the content, never the name: a ZIP is an .xlsx
 * (first worksheet), anything else must be UTF-8 CSV with `,`, `;` or tab between fields.
 * Whole-file problems throw ImportFileError; bad rows are returned in `rejected`, with the
 * line the user sees (spreadsheet row number, or physical CSV line with the header on line 1).
 */
export async function readSchoolFile(
  input: { filename: string; bytes: Buffer },
  resolveUnit: UnitResolver,
  onProgress?: (done: number, total: number) => void,
): Promise<SchoolFileResult> {
  const { filename, bytes } = input;
  if (bytes.length > MAX_FILE_BYTES) throw new ImportFileError(413, 'import_too_large', { limitMb: MAX_FILE_BYTES / (1024 * 1024) });
  if (bytes.length === 0) throw new ImportFileError(400, 'import_empty');

  const collector = new RowCollector();
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    await readXlsx(bytes, filename, collector);
  } else {
    const magic = MAGIC.find(([, prefix]) => startsWith(bytes, prefix));
    if (magic) throw unsupported(filename, magic[0]);
    readCsv(bytes, filename, collector);
  }
  const sheet = collector.finish();

  const total = sheet.rows.length;
  const result: SchoolFileResult = { total, rows: [], rejected: [] };
  const seen = new Map<string, number>();
  const units = new Map<string, string | null>();
  const resolve = (text: string) => {
    let id = units.get(text);
    if (id === undefined) {
      id = resolveUnit(text) ?? null;
      units.set(text, id);
    }
    return id;
  };
  for (let i = 0; i < total; i++) {
    const outcome = validateRow(sheet.rows[i] as FieldRow, sheet, seen, resolve);
    if ('unitId' in outcome) result.rows.push(outcome);
    else result.rejected.push(outcome);
    const done = i + 1;
    if (done % PROGRESS_EVERY === 0 && done < total) {
      onProgress?.(done, total);
      await nextTick(); // lets a progress bar redraw and other requests run
    }
  }
  onProgress?.(total, total);
  return result;
}
