import { Type } from '@sinclair/typebox';
import { Nullable } from '../http/schemas.js';

const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description });
const Id = Type.String({ minLength: 1, maxLength: 64 });

export const IndicatorQuery = Type.Object(
  {
    from: Day('Ngày đầu kỳ (YYYY-MM-DD) / first day'),
    to: Day('Ngày sau ngày cuối kỳ (YYYY-MM-DD, không tính) / the day after the last (exclusive)'),
    unitId: Type.Optional(Id),
    schoolId: Type.Optional(Id),
    minSessions: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 50, description: 'Số buổi tối thiểu để trường được tính là đã bao phủ / sessions needed to count as covered' }),
    ),
  },
  { additionalProperties: false },
);

export const Grain = Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('half_year'), Type.Literal('year')]);
export const TrendQuery = Type.Composite([IndicatorQuery, Type.Object({ grain: Type.Optional(Grain) })], { additionalProperties: false });
export const CsvQuery = Type.Composite(
  [
    IndicatorQuery,
    Type.Object({
      view: Type.Union([Type.Literal('summary'), Type.Literal('ranking'), Type.Literal('trend')]),
      code: Type.Optional(Type.String({ maxLength: 64 })),
      grain: Type.Optional(Grain),
    }),
  ],
  { additionalProperties: false },
);
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });

const Status = Type.Union([Type.Literal('ok'), Type.Literal('no_data'), Type.Literal('no_feed')]);
const Num = Nullable(Type.Number());

export const Indicator = Type.Object({
  code: Type.String(),
  group: Type.Union([Type.Literal('target'), Type.Literal('volume')]),
  unit: Type.Union([Type.Literal('percent'), Type.Literal('count')]),
  grain: Type.Union([Type.Literal('school'), Type.Literal('ward'), Type.Literal('city')]),
  status: Status,
  value: Num,
  numerator: Num,
  denominator: Num,
  label: Type.String(),
  definition: Type.Object({ numerator: Type.String(), denominator: Type.String(), period: Type.String(), consent: Type.String(), source: Type.String() }),
  breakdown: Type.Array(Type.Object({ dimension: Type.String(), key: Type.String(), label: Type.String(), value: Type.Number() })),
});

export const IndicatorsView = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  place: Type.Object({
    kind: Type.Union([Type.Literal('city'), Type.Literal('ward'), Type.Literal('school')]),
    id: Nullable(Type.String()),
    name: Type.String(),
    unitId: Nullable(Type.String()),
  }),
  asOf: Nullable(Type.String()),
  indicators: Type.Array(Indicator),
});

export const Ranking = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), status: Status, value: Num, numerator: Num, denominator: Num })),
});

export const Trend = Type.Object({
  items: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), status: Status, value: Num, numerator: Num, denominator: Num })),
});

export const ReportKindSchema = Type.Union([
  Type.Literal('monthly'),
  Type.Literal('quarterly'),
  Type.Literal('half_year'),
  Type.Literal('annual'),
  Type.Literal('ad_hoc'),
]);

export const GenerateReportBody = Type.Object(
  {
    kind: ReportKindSchema,
    year: Type.Optional(Type.Integer({ minimum: 2020, maximum: 2100 })),
    index: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'Tháng, quý hoặc nửa năm (từ 1) / month, quarter or half (from 1)' })),
    from: Type.Optional(Day('Kỳ đột xuất: ngày đầu / ad hoc: first day')),
    to: Type.Optional(Day('Kỳ đột xuất: ngày sau ngày cuối / ad hoc: day after the last')),
  },
  { additionalProperties: false },
);

export const ReportSummary = Type.Object({
  id: Type.String(),
  kind: ReportKindSchema,
  kindLabel: Type.String(),
  from: Type.String(),
  to: Type.String(),
  number: Type.String(),
  title: Type.String(),
  origin: Type.Union([Type.Literal('schedule'), Type.Literal('request')]),
  createdAt: Type.String(),
  xlsxBytes: Type.Integer(),
  docxBytes: Type.Integer(),
});
export const ReportList = Type.Object({ items: Type.Array(ReportSummary) });

const Line = (maxLength: number, description: string, minLength = 1) => Type.String({ minLength, maxLength, description });
/** Who issues and signs the reports: each field one line of the document. */
export const ReportIssuerBody = Type.Object(
  {
    agencyParent: Line(200, 'Cơ quan chủ quản / parent body (Ủy ban nhân dân thành phố Hà Nội)'),
    agencyName: Line(200, 'Cơ quan ban hành / issuing agency'),
    symbol: Line(40, 'Ký hiệu văn bản / document symbol (BC-SGDĐT)'),
    signerAuthority: Line(100, 'Thẩm quyền ký (KT. GIÁM ĐỐC; trống nếu người đứng đầu ký) / signing authority (empty: the head signs)', 0),
    signerPost: Line(100, 'Chức vụ người ký / signer’s post'),
    signerName: Line(100, 'Họ tên người ký / signer’s name'),
  },
  { additionalProperties: false },
);
export const ReportIssuer = Type.Composite([ReportIssuerBody, Type.Object({ updatedAt: Nullable(Type.String()) })]);
