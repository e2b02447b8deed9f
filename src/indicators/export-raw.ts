import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Lang } from '../shared/i18n.js';
import { toCsv } from './csv.js';
import { feedFacts } from './facts.js';
import { indicatorPolicy } from './indicator.policy.js';
import { dimensionLabels, placeNames } from './labels.js';
import { addMonths } from './periods.js';
import { type RawIndicatorQuery, resolveQuery } from './query.js';
import { exportCount, SUPPRESSION_NOTE } from './suppress.js';

/** Each fact's dimensions, named for people (the same dimensions catalogue.ts breaks down by). */
const DIMS: Record<string, [string | null, string | null]> = {
  reports: ['channel', null],
  report_category: ['category', 'channel'],
  sla: ['priority', null],
  detect: ['outcome', 'harmful_category'],
  takedown: ['status', null],
  blocked: ['band', 'block_category'],
};
const METRIC_NAMES: Record<string, { vi: string; en: string }> = {
  reports: { vi: 'Phản ánh tiếp nhận', en: 'Reports received' },
  report_category: { vi: 'Phản ánh theo loại nội dung', en: 'Reports by category' },
  sla: { vi: 'Thời hạn xử lý phản ánh', en: 'Report deadlines' },
  detect: { vi: 'Mục được rà soát', en: 'Items reviewed' },
  takedown: { vi: 'Yêu cầu gỡ bỏ', en: 'Takedown requests' },
  blocked: { vi: 'Lượt truy cập bị chặn', en: 'Blocked look-ups' },
};
const SLA_FIELDS: Record<string, { vi: string; en: string }> = {
  ackJudged: { vi: 'Đã đến hạn xác nhận', en: 'Acknowledgement due' },
  ackOnTime: { vi: 'Xác nhận đúng hạn', en: 'Acknowledged on time' },
  actionJudged: { vi: 'Đã đến hạn xử lý', en: 'Action due' },
  actionOnTime: { vi: 'Xử lý đúng hạn', en: 'Acted on in time' },
  acknowledged: { vi: 'Đã xác nhận', en: 'Acknowledged' },
  ackMinutesTotal: { vi: 'Tổng số phút đến khi xác nhận', en: 'Total minutes to acknowledgement' },
};

/**
 * The raw anonymised data behind the indicators: one line per month, ward, school and dimension,
 * counts only, small cells suppressed — never a report, a case or a person. Audited (an export).
 */
export async function exportRawCsv(ctx: Ctx, raw: RawIndicatorQuery, lang: Lang): Promise<string> {
  indicatorPolicy.authorize(ctx.actor, 'export');
  const { query } = await resolveQuery(ctx, raw, lang);
  const db = ctx.db.kysely;
  const label = await dimensionLabels(db);
  const names = await placeNames(db, lang);
  const rows: Array<Array<string | number>> = [];
  // month by month (a period that starts or ends mid-month gets its part-months)
  for (let from = query.period.from; from < query.period.to; from = addMonths(`${from.slice(0, 7)}-01`, 1)) {
    const next = addMonths(`${from.slice(0, 7)}-01`, 1);
    const to = [next, query.period.to].sort()[0] as string;
    for (const f of await feedFacts(db, { from, to }, query.now)) {
      if (query.place.kind === 'ward' && f.unitId !== query.place.unitId) continue;
      if (query.place.kind === 'school' && f.schoolId !== query.place.schoolId) continue;
      const [d1, d2] = DIMS[f.metric] ?? [null, null];
      const second = f.metric === 'sla' ? (SLA_FIELDS[f.dim2]?.[lang] ?? '') : d2 && f.dim2 ? label(d2, f.dim2, lang) : '';
      const first = d1 ? label(d1, f.dim1, lang) : '';
      const value = f.metric === 'sla' && f.dim2 === 'ackMinutesTotal' ? f.value : exportCount(f.value);
      rows.push([
        from.slice(0, 7),
        f.unitId ? names.ward(f.unitId) : '',
        f.schoolId ? names.school(f.schoolId) : '',
        METRIC_NAMES[f.metric]?.[lang] ?? '',
        first,
        second,
        value,
      ]);
    }
  }
  await db
    .transaction()
    .execute((trx) => audit(ctx, trx, 'indicators.raw_exported', { type: 'indicator' }, { from: query.period.from, to: query.period.to, rows: rows.length }));
  const h =
    lang === 'vi'
      ? ['Tháng', 'Phường, xã', 'Trường', 'Số liệu', 'Chiều 1', 'Chiều 2', 'Giá trị']
      : ['Month', 'Ward', 'School', 'Measure', 'Dimension 1', 'Dimension 2', 'Value'];
  return toCsv(h, [...rows, [SUPPRESSION_NOTE[lang]]]);
}
