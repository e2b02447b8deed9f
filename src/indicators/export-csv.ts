import type { Ctx } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import { type IndicatorDef, indicatorDef } from './catalogue.js';
import { computeIndicators, type IndicatorQuery, type Ranked, rankPlaces } from './compute.js';
import { toCsv } from './csv.js';
import { indicatorPolicy } from './indicator.policy.js';
import type { Granularity } from './periods.js';
import { protectTable } from './protect-cells.js';
import { type RawIndicatorQuery, resolveQuery } from './query.js';
import { exactValue, exportFigure, SCHOOL_COUNTED } from './school-counted.js';
import { type ExportedValue, exportValue, SUPPRESSION_NOTE } from './suppress.js';
import { indicatorTrend } from './trend.js';

export type CsvView = 'summary' | 'ranking' | 'trend';

const H = {
  vi: {
    indicator: 'Chỉ số',
    place: 'Địa bàn',
    value: 'Giá trị',
    unit: 'Đơn vị',
    numerator: 'Tử số',
    denominator: 'Mẫu số',
    from: 'Từ ngày',
    to: 'Đến trước ngày',
    definition: 'Định nghĩa tử số',
    denDef: 'Định nghĩa mẫu số',
    consent: 'Loại trừ theo đồng ý',
    source: 'Nguồn',
  },
  en: {
    indicator: 'Indicator',
    place: 'Place',
    value: 'Value',
    unit: 'Unit',
    numerator: 'Numerator',
    denominator: 'Denominator',
    from: 'From',
    to: 'Until (not incl.)',
    definition: 'Numerator definition',
    denDef: 'Denominator definition',
    consent: 'Consent exclusions',
    source: 'Source',
  },
};
const unitText = (u: 'percent' | 'count', lang: Lang) => (u === 'percent' ? '%' : lang === 'vi' ? 'số lượng' : 'count');

/**
 * Every chart's data as CSV (the table beside it), small cells suppressed, the rule stated in the
 * last line — but, as in the .xlsx and .docx reports, an indicator that counts schools (programme
 * coverage, school-counted.ts) is exact: suppression protects children, and a school is not one.
 */
export async function exportIndicatorCsv(
  ctx: Ctx,
  view: CsvView,
  raw: RawIndicatorQuery & { code?: string | undefined; grain?: Granularity | undefined },
  lang: Lang,
): Promise<string> {
  indicatorPolicy.authorize(ctx.actor, 'export');
  const h = H[lang];
  const notes: string[][] = [[SUPPRESSION_NOTE[lang]]];
  if (view === 'summary') {
    const { query, place } = await resolveQuery(ctx, raw, lang);
    const { indicators } = await computeIndicators(ctx.db.kysely, query);
    const rows = indicators.map((i) => {
      const v = exportFigure(i.code, i, lang);
      return [
        i.label,
        place.name,
        v.value,
        unitText(i.unit, lang),
        v.numerator,
        v.denominator,
        query.period.from,
        query.period.to,
        i.definition.numerator,
        i.definition.denominator,
        i.definition.consent,
        i.definition.source,
      ];
    });
    return toCsv(
      [h.indicator, h.place, h.value, h.unit, h.numerator, h.denominator, h.from, h.to, h.definition, h.denDef, h.consent, h.source],
      [...rows, ...notes],
    );
  }
  const def = raw.code === undefined ? undefined : indicatorDef(raw.code);
  if (!def) throw new AppError(404, 'indicators_unknown_indicator');
  // the rule above does not apply to this table's figures: say why they are exact
  if (SCHOOL_COUNTED.has(def.code)) notes.push([def.definition.consent[lang]]);
  if (view === 'ranking') {
    const { query } = await resolveQuery(ctx, { ...raw, schoolId: undefined }, lang);
    if (def.grain === 'city' || (query.place.kind === 'ward' && def.grain !== 'school')) throw new AppError(400, 'indicators_not_per_place', { level: '' });
    const ranked = await rankPlaces(ctx.db.kysely, def, query);
    const cells = SCHOOL_COUNTED.has(def.code) ? ranked.map((r) => exactValue(r, lang)) : await protectedRanking(ctx, def, query, ranked, lang);
    const rows = ranked.map((r, n) => {
      const v = cells[n] as (typeof cells)[number];
      return [r.name, v.value, v.numerator, v.denominator];
    });
    return toCsv([`${h.place} — ${def.label[lang]}`, `${h.value} (${unitText(def.unit, lang)})`, h.numerator, h.denominator], [...rows, ...notes]);
  }
  const points = await indicatorTrend(ctx, def.code, { ...raw, grain: raw.grain ?? 'month' }, lang);
  const rows = points.map((p) => {
    const v = exportFigure(def.code, { ...p, unit: def.unit }, lang);
    return [p.from, p.to, v.value, v.numerator, v.denominator];
  });
  return toCsv([h.from, h.to, `${def.label[lang]} (${unitText(def.unit, lang)})`, h.numerator, h.denominator], [...rows, ...notes]);
}

/**
 * The places add up to the total published beside them (the place's own figure): protected
 * against subtraction as the reports' ward sheets are (protect-cells.ts).
 */
async function protectedRanking(ctx: Ctx, def: IndicatorDef, query: IndicatorQuery, ranked: Ranked[], lang: Lang): Promise<ExportedValue[]> {
  const total = (await computeIndicators(ctx.db.kysely, query)).indicators.find((i) => i.code === def.code);
  return total ? protectTable(ranked, total, def.unit, lang).rows : ranked.map((r) => exportValue({ ...r, unit: def.unit }, lang));
}
