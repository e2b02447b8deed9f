import type { Block } from '../documents/model.js';
import { hanoiDate } from '../documents/vn-date.js';
import { writeOfficialDocument } from '../documents/write-document.js';
import { barChartPng } from './chart-png.js';
import type { IndicatorResult } from './compute.js';
import { type ReportCells, reportCells } from './report-cells.js';
import { periodNotEndedText, type ReportContent } from './report-content.js';
import { withSchoolCountsExact } from './school-counted.js';
import { type ExportedValue, noDataText, SUPPRESSION_NOTE } from './suppress.js';

/** Who issues and signs the report; the defaults are a draft the department edits before signing. */
export interface ReportIssuer {
  agencyParent: string;
  agencyName: string;
  symbol: string;
  signerAuthority: string;
  signerPost: string;
  signerName: string;
}

export const DEFAULT_ISSUER: ReportIssuer = {
  agencyParent: 'Ủy ban nhân dân thành phố Hà Nội',
  agencyName: 'Sở Giáo dục và Đào tạo',
  symbol: 'BC-SGDĐT',
  signerAuthority: 'KT. GIÁM ĐỐC',
  signerPost: 'PHÓ GIÁM ĐỐC',
  signerName: '(ký, ghi rõ họ tên)',
};

const HIDDEN = 'ẩn (số nhỏ)';
const valueText = (i: IndicatorResult, v: ExportedValue) => {
  if (i.status !== 'ok') return noDataText(i.status, 'vi');
  if (v.value === '*') return HIDDEN;
  return i.unit === 'percent' ? `${String(v.value).replace('.', ',')} %` : String(v.value);
};

/** One indicator as the line a reader of the report expects: value, then numerator and denominator. */
function sentence(i: IndicatorResult, v: ExportedValue): string {
  if (i.status !== 'ok') return `${i.label}: ${noDataText(i.status, 'vi').toLowerCase()}.`;
  if (i.unit === 'count') return `${i.label}: ${v.value}.`;
  if (v.value === '*') return `${i.label}: ${HIDDEN}, trên tổng số ${v.denominator}.`;
  return `${i.label}: ${valueText(i, v)} (${v.numerator}/${v.denominator}).`;
}

function breakdownTable(i: IndicatorResult, own: ReportCells, dimension: string, caption: string, column: string): Extract<Block, { kind: 'table' }> | null {
  const rows = i.breakdown.flatMap((b, n) => (b.dimension === dimension ? [[b.label, own.breakdown[n] ?? ''] as [string, string | number]] : []));
  if (rows.length === 0) return null;
  return { kind: 'table', caption, columns: [column, 'Số lượng'], rows };
}

/**
 * The report in the Decree 30/2020 layout through the one document writer (src/documents):
 * national motto, agency, number (blank for the clerk), date, title, numbered sections with
 * tables and charts drawn as PNG, the definitions, the suppression rule, the signature block.
 */
export async function writeReportDocx(c: ReportContent, issuer: ReportIssuer, now: Date): Promise<Buffer> {
  const get = (code: string) => c.indicators.find((i) => i.code === code) as IndicatorResult;
  // the same protected cells as the .xlsx (src/indicators/report-cells.ts): what one hides the other must too
  // programme coverage counts schools, not children: exact (school-counted.ts)
  const cells = withSchoolCountsExact(reportCells(c), c);
  const own = (i: IndicatorResult) => cells.get(i.code) as ReportCells;
  const say = (i: IndicatorResult) => sentence(i, own(i).total);
  // a table is numbered only when it is drawn: "Bảng 2" is followed by "Bảng 3" even if a section has none
  const byDimension = (i: IndicatorResult, dimension: string, caption: string, column: string): Block | null => {
    const b = breakdownTable(i, own(i), dimension, caption, column);
    return b ? { ...b, caption: t(caption) } : null;
  };
  const targets = c.indicators.filter((i) => i.group === 'target');
  let table = 0;
  let figure = 0;
  const t = (s: string) => `Bảng ${++table}. ${s}`;
  const f = (s: string) => `Biểu đồ ${++figure}. ${s}`;
  const targetChart = await barChartPng({
    title: 'Ba mục tiêu — tỉ lệ đạt được (%)',
    // a suppressed value has data, it is only not shown: the bar says so rather than "no data"
    bars: targets.map((i) => ({
      label: i.label,
      value: i.status === 'ok' && own(i).total.value !== '*' ? i.value : null,
      empty: i.status === 'ok' ? HIDDEN : noDataText(i.status, 'vi').toLowerCase(),
    })),
    max: 100,
    targetLine: { value: 100, label: 'Mục tiêu 100 %' },
    unit: ' %',
  });
  const coverageWards = (c.wards.get('programme_coverage') ?? [])
    .filter((w) => w.status === 'ok')
    .slice(-10)
    .reverse();
  const reports = get('reports_received');
  const blocked = get('blocked_lookups');
  const detection = get('detection_outcomes');
  const notEnded = periodNotEndedText(c);
  const body: Block[] = [
    {
      kind: 'paragraph',
      text: `Thực hiện nhiệm vụ theo dõi, đánh giá việc bảo vệ trẻ em trên môi trường mạng, trên cơ sở số liệu của hệ thống Lá Chắn, báo cáo kết quả ${c.periodText} như sau:`,
    },
    ...(notEnded ? [{ kind: 'paragraph', text: [{ text: notEnded, italic: true }] } satisfies Block] : []),
    {
      kind: 'section',
      heading: 'Kết quả thực hiện ba mục tiêu',
      blocks: [
        ...targets.map((i): Block => ({ kind: 'paragraph', text: say(i) })),
        {
          kind: 'table',
          caption: t('Ba mục tiêu'),
          columns: ['Chỉ số', 'Kết quả', 'Tử số', 'Mẫu số'],
          rows: targets.map((i) => {
            const v = own(i).total;
            return [i.label, valueText(i, v), v.numerator === '' ? null : v.numerator, v.denominator === '' ? null : v.denominator];
          }),
        },
        { kind: 'image', png: targetChart, widthMm: 160, caption: f('Tỉ lệ đạt được so với mục tiêu 100 %') },
        ...(coverageWards.length > 0
          ? [
              {
                kind: 'table',
                caption: t('Các phường, xã có tỉ lệ trường được giáo dục thấp nhất'),
                columns: ['Phường, xã', 'Tỉ lệ (%)', 'Số trường đạt', 'Tổng số trường'],
                rows: coverageWards.map((w) => {
                  const v = cells.get('programme_coverage')?.wards.get(w.id) ?? { value: '', numerator: '', denominator: '' };
                  return [w.name, v.value, v.numerator, v.denominator];
                }),
              } satisfies Block,
            ]
          : []),
      ],
    },
    {
      kind: 'section',
      heading: 'Tiếp nhận và xử lý phản ánh',
      blocks: [
        { kind: 'paragraph', text: say(reports) },
        { kind: 'paragraph', text: say(get('ack_within_sla')) },
        { kind: 'paragraph', text: say(get('action_within_sla')) },
        ...[
          byDimension(reports, 'channel', 'Phản ánh theo kênh tiếp nhận', 'Kênh'),
          byDimension(reports, 'category', 'Phản ánh theo loại nội dung', 'Loại nội dung'),
        ].filter((b): b is Block => b !== null),
      ],
    },
    {
      kind: 'section',
      heading: 'Phát hiện, rà soát và gỡ bỏ nội dung',
      blocks: [
        { kind: 'paragraph', text: say(detection) },
        { kind: 'paragraph', text: say(get('takedowns_removed')) },
        ...[byDimension(detection, 'outcome', 'Kết quả rà soát', 'Kết quả')].filter((b): b is Block => b !== null),
      ],
    },
    {
      kind: 'section',
      heading: 'Bộ lọc truy cập tại trường học',
      blocks: [
        { kind: 'paragraph', text: say(blocked) },
        ...[
          byDimension(blocked, 'block_category', 'Lượt truy cập bị chặn theo loại nội dung', 'Loại nội dung'),
          byDimension(blocked, 'band', 'Lượt truy cập bị chặn theo độ tuổi', 'Độ tuổi'),
        ].filter((b): b is Block => b !== null),
      ],
    },
    {
      kind: 'section',
      heading: 'Định nghĩa chỉ số và bảo vệ dữ liệu',
      blocks: [
        ...c.indicators.map(
          (i): Block => ({
            kind: 'paragraph',
            text: [
              { text: `${i.label}: `, bold: true },
              {
                text: `tử số — ${i.definition.numerator}; mẫu số — ${i.definition.denominator}; kỳ tính — ${i.definition.period}; ${i.definition.consent} Nguồn: ${i.definition.source}.`,
              },
            ],
          }),
        ),
        { kind: 'paragraph', text: [{ text: SUPPRESSION_NOTE.vi, italic: true }] },
        { kind: 'paragraph', text: 'Số liệu chi tiết theo từng phường, xã và từng chỉ số có trong tệp Excel kèm theo.' },
      ],
    },
  ];
  return writeOfficialDocument({
    agency: { parent: issuer.agencyParent, name: issuer.agencyName },
    number: { symbol: issuer.symbol },
    place: 'Hà Nội',
    date: hanoiDate(now),
    title: { name: 'Báo cáo', summary: c.title },
    addressees: ['Ủy ban nhân dân thành phố Hà Nội'],
    body,
    signature: { authority: issuer.signerAuthority, post: issuer.signerPost, name: issuer.signerName },
    copiesTo: ['Như trên', 'Lưu: VT'],
  });
}
