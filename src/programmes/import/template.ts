import type { EqScope, Scope } from '../../access/policy.js';
import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { currentPeriodOf, type NamedPeriod } from '../coverage/periods.js';
import { readCoverageSettings } from '../coverage/settings.js';
import { hanoiToday } from '../dates.js';
import { sessionPolicy } from '../session.policy.js';
import { AUDIENCE_LABELS, COLUMNS, DATA_SHEET, GUIDE_SHEET, LISTS_SHEET, MAX_IMPORT_ROWS } from './columns.js';

/** Rows the template's drop-downs cover (Excel data validation is applied to this many lines). */
const VALIDATED_ROWS = 2000;

/**
 * The import template for the caller: a guide sheet, the data sheet with Vietnamese headers and
 * drop-downs (school codes the caller may record for, topics, audience), and the lists sheet the
 * drop-downs read from. Nothing about any child is in it.
 */
export async function buildTemplate(ctx: Ctx, period?: NamedPeriod): Promise<Buffer> {
  sessionPolicy.authorize(ctx.actor, 'import');
  const settings = await readCoverageSettings(ctx.db.kysely);
  const p = period ?? currentPeriodOf(hanoiToday(ctx.clock), settings);
  const [schools, topics] = await Promise.all([
    whereScope(ctx.db.kysely.selectFrom('schools'), sessionPolicy.listScope(ctx.actor, 'import').map(schoolScope))
      .select(['code', 'name'])
      .orderBy('code')
      .execute(),
    ctx.db.kysely.selectFrom('programme_topics').select(['name']).where('active', '=', 1).orderBy('sort').execute(),
  ]);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lá Chắn';

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.getColumn(1).width = 110;
  const lines = [
    'MẪU NHẬP CÁC BUỔI GIÁO DỤC AN TOÀN TRÊN MẠNG',
    `Kỳ: ${p.label.vi} (từ ${p.from} đến trước ${p.to}). Chỉ nhận các buổi đã tổ chức trong kỳ này, không nhận ngày trong tương lai.`,
    `1. Điền mỗi buổi một dòng vào trang "${DATA_SHEET}", bắt đầu từ dòng 2. Không đổi tên trang, không đổi, xoá hay chèn cột.`,
    '2. Mã trường, Chủ đề và Đối tượng: chọn từ danh sách thả xuống.',
    '3. Ngày tổ chức: dạng ngày của Excel hoặc NNNN-TT-NN (ví dụ 2025-10-15) hoặc NN/TT/NNNN (15/10/2025).',
    '4. Khối lớp: chỉ khi đối tượng là Học sinh, ví dụ "3" hoặc "6-9" hoặc "6, 7" (0 = mầm non).',
    '5. Số người tham dự: số nguyên từ 1 đến 5000. Không ghi tên học sinh ở bất kỳ đâu trong tệp.',
    '6. Chỉ nhập giá trị, không dùng công thức (khi dán, chọn "Dán giá trị").',
    `7. Tối đa ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng mỗi tệp. Nếu có dòng sai, KHÔNG dòng nào được nhập: sửa các dòng được báo (trang, dòng, lý do) rồi tải lên lại cả tệp.`,
    '',
    'ENGLISH: one session per row on the data sheet; pick school, topic and audience from the drop-downs; dates as Excel dates or YYYY-MM-DD;',
    'grades only for students; values, not formulas; if any row is refused, nothing is imported.',
  ];
  for (const l of lines) guide.addRow([l]);
  guide.getRow(1).font = { bold: true, size: 14 };

  const data = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  data.getRow(1).font = { bold: true };

  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  lists.getColumn(1).values = ['Mã trường', ...schools.map((s) => s.code)];
  lists.getColumn(2).values = ['Tên trường', ...schools.map((s) => s.name)];
  lists.getColumn(3).values = ['Chủ đề', ...topics.map((t) => t.name)];
  lists.getColumn(4).values = ['Đối tượng', ...Object.values(AUDIENCE_LABELS).map((a) => a.vi)];

  const listRange = (col: string, n: number) => [`'${LISTS_SHEET}'!$${col}$2:$${col}$${Math.max(n + 1, 2)}`];
  for (let r = 2; r <= VALIDATED_ROWS + 1; r++) {
    data.getCell(`A${r}`).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: listRange('A', schools.length),
      showErrorMessage: true,
      error: 'Chọn mã trường trong danh sách.',
    };
    data.getCell(`B${r}`).dataValidation = {
      type: 'date',
      operator: 'between',
      allowBlank: false,
      formulae: [new Date(`${p.from}T00:00:00Z`), new Date(`${p.to}T00:00:00Z`)],
      showErrorMessage: true,
      error: `Ngày trong kỳ ${p.label.vi}.`,
    };
    data.getCell(`B${r}`).numFmt = 'dd/mm/yyyy';
    data.getCell(`C${r}`).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: listRange('C', topics.length),
      showErrorMessage: true,
      error: 'Chọn chủ đề trong danh mục.',
    };
    data.getCell(`D${r}`).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: listRange('D', 3),
      showErrorMessage: true,
      error: 'Học sinh, Phụ huynh hoặc Giáo viên.',
    };
    data.getCell(`F${r}`).dataValidation = {
      type: 'whole',
      operator: 'between',
      allowBlank: false,
      formulae: [1, 5000],
      showErrorMessage: true,
      error: 'Số nguyên từ 1 đến 5000.',
    };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The session policy's scopes name `school_id`/`unit_id`; on the schools table those are `id`/`unit_id`. */
function schoolScope(s: Scope): Scope {
  const rename = (e: EqScope): EqScope => (e.column === 'school_id' ? { ...e, column: 'id' } : e);
  if (s.kind === 'eq') return rename(s);
  if (s.kind === 'allOf') return { kind: 'allOf', eqs: s.eqs.map(rename) };
  return s;
}
