import type { Fact } from './facts.js';
import type { TargetSource } from './target-feeds.js';

type Text = { vi: string; en: string };

/** What an indicator is, written out beside it wherever it is shown (dashboard, export, report). */
export interface Definition {
  numerator: Text;
  denominator: Text;
  period: Text;
  consent: Text;
  source: Text;
}

export interface Breakdown {
  /** which dimension: channel, category, priority, outcome, band, level, decision, status */
  dimension: string;
  key: string;
  value: number;
}

export interface Computed {
  numerator: number;
  /** null for a count (no denominator) */
  denominator: number | null;
  breakdown: Breakdown[];
}

export interface IndicatorDef {
  code: string;
  group: 'target' | 'volume';
  unit: 'percent' | 'count';
  /** the finest place it can be drilled down to */
  grain: 'school' | 'ward' | 'city';
  /** the target feed it needs (null: the intake, detection or filter feeds, always present) */
  needs: TargetSource | null;
  /** the rollup metrics it reads (facts.ts), so one indicator's query reads no other rows */
  metrics: readonly string[];
  label: Text;
  definition: Definition;
  compute(facts: readonly Fact[]): Computed;
}

const sum = (facts: readonly Fact[], metric: string, pred: (f: Fact) => boolean = () => true) =>
  facts.reduce((a, f) => (f.metric === metric && pred(f) ? a + f.value : a), 0);

function by(facts: readonly Fact[], metric: string, dimension: string, key: (f: Fact) => string, pred: (f: Fact) => boolean = () => true): Breakdown[] {
  const m = new Map<string, number>();
  for (const f of facts) if (f.metric === metric && pred(f)) m.set(key(f), (m.get(key(f)) ?? 0) + f.value);
  return [...m].map(([k, value]) => ({ dimension, key: k, value })).sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // ties by code: the same order whatever order the facts came in
}

const sameConsent: Text = {
  vi: 'Không loại trừ: số liệu không gắn với danh tính trẻ em nào.',
  en: 'Nothing excluded: the figures name no child.',
};
const periodText = (vi: string, en: string): Text => ({ vi, en });

export const INDICATORS: readonly IndicatorDef[] = [
  {
    code: 'programme_coverage',
    metrics: [],
    group: 'target',
    unit: 'percent',
    grain: 'school',
    needs: 'coverage',
    label: { vi: 'Trường, cơ sở được giáo dục an toàn trực tuyến', en: 'Schools and facilities covered by online-safety education' },
    definition: {
      numerator: {
        vi: 'Số trường, cơ sở giáo dục và chăm sóc trẻ có ít nhất N buổi giáo dục an toàn trực tuyến trong kỳ',
        en: 'Schools and child-care facilities with at least N online-safety sessions in the period',
      },
      denominator: { vi: 'Số trường, cơ sở đang hoạt động', en: 'Active schools and facilities' },
      period: periodText(
        'Ngày tổ chức buổi học nằm trong kỳ; trường đổi phường được tính theo phường tại thời điểm tổ chức',
        'Session date within the period; a school that moved ward counts in its ward at the time of the sessions',
      ),
      consent: { vi: 'Không loại trừ: đếm trường và buổi học, không đếm trẻ em.', en: 'Nothing excluded: counts schools and sessions, not children.' },
      source: { vi: 'Chương trình giáo dục (buổi học do trường ghi nhận)', en: 'Programmes (sessions recorded by schools)' },
    },
    compute: (f) => ({
      numerator: sum(f, 'coverage', (x) => x.dim2 === 'covered'),
      denominator: sum(f, 'coverage'),
      breakdown: by(
        f,
        'coverage',
        'level',
        (x) => x.dim1,
        (x) => x.dim2 === 'covered',
      ),
    }),
  },
  {
    code: 'victims_supported',
    metrics: [],
    group: 'target',
    unit: 'percent',
    grain: 'ward',
    needs: 'victims',
    label: { vi: 'Trẻ bị hại được hỗ trợ', en: 'Child victims supported' },
    definition: {
      numerator: { vi: 'Số trẻ bị hại đã được cung cấp ít nhất một dịch vụ hỗ trợ', en: 'Child victims who received at least one support service' },
      denominator: { vi: 'Số trẻ bị hại có yêu cầu hỗ trợ', en: 'Child victims who asked for support' },
      period: periodText('Yêu cầu hỗ trợ (mở hồ sơ hỗ trợ hoặc bàn giao) trong kỳ', 'Support asked for (case opened or handed over) in the period'),
      consent: {
        vi: 'Loại trừ trẻ mà trẻ hoặc cha mẹ đã từ chối hoặc rút lại đồng ý được thống kê.',
        en: 'Excludes children whose consent to be counted was refused or withdrawn.',
      },
      source: { vi: 'Quản lý hồ sơ vụ việc (hồ sơ hỗ trợ nạn nhân)', en: 'Case management (victim-support tracks)' },
    },
    compute: (f) => ({
      numerator: sum(f, 'victims', (x) => x.dim1 === 'supported'),
      denominator: sum(f, 'victims', (x) => x.dim1 === 'asked'),
      breakdown: [],
    }),
  },
  {
    code: 'violators_handled',
    metrics: [],
    group: 'target',
    unit: 'percent',
    grain: 'ward',
    needs: 'violations',
    label: { vi: 'Đối tượng vi phạm được xử lý', en: 'Violators handled' },
    definition: {
      numerator: { vi: 'Số đối tượng vi phạm đã có quyết định xử lý', en: 'Violators with a handling decision' },
      denominator: { vi: 'Số đối tượng vi phạm được phản ánh hoặc phát hiện', en: 'Violators reported or found' },
      period: periodText('Phản ánh hoặc phát hiện trong kỳ', 'Reported or found in the period'),
      consent: {
        vi: 'Loại trừ vụ việc mà trẻ hoặc cha mẹ đã rút lại đồng ý được thống kê.',
        en: 'Excludes cases whose child’s consent to be counted was withdrawn.',
      },
      source: { vi: 'Quản lý hồ sơ vụ việc (hồ sơ xử lý vi phạm)', en: 'Case management (violation tracks)' },
    },
    compute: (f) => ({
      numerator: sum(f, 'violations', (x) => x.dim1 === 'handled'),
      denominator: sum(f, 'violations', (x) => x.dim1 === 'reported_or_found'),
      breakdown: by(f, 'violation_decision', 'decision', (x) => x.dim1),
    }),
  },
  {
    code: 'reports_received',
    metrics: ['reports', 'report_category'],
    group: 'volume',
    unit: 'count',
    grain: 'ward',
    needs: null,
    label: { vi: 'Phản ánh tiếp nhận', en: 'Reports received' },
    definition: {
      numerator: {
        vi: 'Số phản ánh nhận được (phản ánh gộp vào phản ánh khác không tính lại); theo kênh và loại nội dung — một phản ánh nêu hai loại được tính ở cả hai',
        en: 'Reports received (one merged into another is not counted again); by channel and category — a report naming two categories counts in both',
      },
      denominator: { vi: 'Không có (số đếm)', en: 'None (a count)' },
      period: periodText(
        'Ngày nhận phản ánh trong kỳ; phường của trẻ do người phản ánh cho biết',
        'Received in the period; the child’s ward as the reporter gave it',
      ),
      consent: sameConsent,
      source: { vi: 'Trung tâm tiếp nhận phản ánh', en: 'Reporting centre' },
    },
    compute: (f) => ({
      numerator: sum(f, 'reports'),
      denominator: null,
      breakdown: [...by(f, 'reports', 'channel', (x) => x.dim1), ...by(f, 'report_category', 'category', (x) => x.dim1)],
    }),
  },
  {
    code: 'ack_within_sla',
    metrics: ['sla'],
    group: 'volume',
    unit: 'percent',
    grain: 'ward',
    needs: null,
    label: { vi: 'Phản ánh được xác nhận đúng hạn', en: 'Reports acknowledged within the SLA' },
    definition: {
      numerator: {
        vi: 'Số phản ánh được cán bộ xác nhận trước thời hạn theo mức ưu tiên',
        en: 'Reports acknowledged by an officer before their priority’s deadline',
      },
      denominator: {
        vi: 'Số phản ánh đã được xác nhận hoặc đã quá hạn xác nhận (phản ánh còn trong hạn chưa tính)',
        en: 'Reports acknowledged or past their deadline (those still within it are not yet judged)',
      },
      period: periodText('Ngày nhận phản ánh trong kỳ', 'Received in the period'),
      consent: sameConsent,
      source: { vi: 'Trung tâm tiếp nhận phản ánh (thời hạn xử lý)', en: 'Reporting centre (SLA deadlines)' },
    },
    compute: (f) => ({
      numerator: sum(f, 'sla', (x) => x.dim2 === 'ackOnTime'),
      denominator: sum(f, 'sla', (x) => x.dim2 === 'ackJudged'),
      breakdown: by(
        f,
        'sla',
        'priority',
        (x) => x.dim1,
        (x) => x.dim2 === 'ackOnTime',
      ),
    }),
  },
  {
    code: 'action_within_sla',
    metrics: ['sla'],
    group: 'volume',
    unit: 'percent',
    grain: 'ward',
    needs: null,
    label: { vi: 'Phản ánh được xử lý bước đầu đúng hạn', en: 'Reports first acted on within the SLA' },
    definition: {
      numerator: { vi: 'Số phản ánh có hành động xử lý đầu tiên trước thời hạn', en: 'Reports first acted on before their deadline' },
      denominator: { vi: 'Số phản ánh đã có hành động hoặc đã quá hạn', en: 'Reports acted on or past their deadline' },
      period: periodText('Ngày nhận phản ánh trong kỳ', 'Received in the period'),
      consent: sameConsent,
      source: { vi: 'Trung tâm tiếp nhận phản ánh (thời hạn xử lý)', en: 'Reporting centre (SLA deadlines)' },
    },
    compute: (f) => ({
      numerator: sum(f, 'sla', (x) => x.dim2 === 'actionOnTime'),
      denominator: sum(f, 'sla', (x) => x.dim2 === 'actionJudged'),
      breakdown: by(
        f,
        'sla',
        'priority',
        (x) => x.dim1,
        (x) => x.dim2 === 'actionOnTime',
      ),
    }),
  },
  {
    code: 'detection_outcomes',
    metrics: ['detect'],
    group: 'volume',
    unit: 'count',
    grain: 'city',
    needs: null,
    label: { vi: 'Nội dung được rà soát', en: 'Content reviewed by the detection desk' },
    definition: {
      numerator: {
        vi: 'Số mục (đường dẫn, văn bản, hình ảnh) đưa vào rà soát, theo kết quả hiện tại và loại nội dung có hại',
        en: 'Items (links, texts, images) put under review, by their outcome today and harmful category',
      },
      denominator: { vi: 'Không có (số đếm)', en: 'None (a count)' },
      period: periodText(
        'Ngày đưa vào rà soát trong kỳ; chỉ cấp thành phố (trang web không thuộc phường nào)',
        'Entered review in the period; city-wide only (a website has no ward)',
      ),
      consent: sameConsent,
      source: { vi: 'Bộ phận phát hiện, rà soát', en: 'Detection desk' },
    },
    compute: (f) => ({
      numerator: sum(f, 'detect'),
      denominator: null,
      breakdown: [
        ...by(f, 'detect', 'outcome', (x) => x.dim1),
        ...by(
          f,
          'detect',
          'harmful_category',
          (x) => x.dim2,
          (x) => x.dim1 === 'harmful' && x.dim2 !== '',
        ),
      ],
    }),
  },
  {
    code: 'takedowns_removed',
    metrics: ['takedown'],
    group: 'volume',
    unit: 'percent',
    grain: 'city',
    needs: null,
    label: { vi: 'Yêu cầu gỡ bỏ được thực hiện', en: 'Takedown requests carried out' },
    definition: {
      numerator: { vi: 'Số yêu cầu gỡ bỏ mà nền tảng đã gỡ nội dung', en: 'Takedown requests the platform acted on (content removed)' },
      denominator: { vi: 'Số yêu cầu đã gửi nền tảng (đang chờ, đã gỡ hoặc bị từ chối)', en: 'Requests sent to a platform (waiting, removed or refused)' },
      period: periodText('Ngày lập yêu cầu trong kỳ; yêu cầu đã thu hồi không tính', 'Drawn up in the period; withdrawn requests left out'),
      consent: sameConsent,
      source: { vi: 'Bộ phận phát hiện, rà soát (yêu cầu gỡ bỏ)', en: 'Detection desk (takedown requests)' },
    },
    compute: (f) => ({
      numerator: sum(f, 'takedown', (x) => x.dim1 === 'removed'),
      denominator: sum(f, 'takedown', (x) => x.dim1 !== 'requested'),
      breakdown: by(f, 'takedown', 'status', (x) => x.dim1),
    }),
  },
  {
    code: 'blocked_lookups',
    metrics: ['blocked'],
    group: 'volume',
    unit: 'count',
    grain: 'school',
    needs: null,
    label: { vi: 'Lượt truy cập bị chặn tại trường', en: 'Blocked look-ups at schools' },
    definition: {
      numerator: {
        vi: 'Số lượt truy vấn tên miền bị bộ lọc DNS trường học chặn, theo loại nội dung và độ tuổi',
        en: 'Domain look-ups the school DNS filter blocked, by category and age band',
      },
      denominator: { vi: 'Không có (số đếm)', en: 'None (a count)' },
      period: periodText(
        'Giờ truy vấn trong kỳ; trường đổi phường (sắp xếp năm 2025) được tính theo phường hiện nay',
        'Look-up hour within the period; a school that moved ward (2025 reorganisation) counts in its ward today',
      ),
      consent: {
        vi: 'Không có dữ liệu cá nhân: bộ lọc chỉ đếm theo trường, độ tuổi và giờ, không lưu lịch sử truy cập của học sinh.',
        en: 'No personal data: the filter counts per school, band and hour and keeps no student’s browsing history.',
      },
      source: { vi: 'Bộ lọc DNS trường học', en: 'School DNS filter' },
    },
    compute: (f) => ({
      numerator: sum(f, 'blocked', (x) => x.dim2 !== 'all'),
      denominator: null,
      breakdown: [
        ...by(
          f,
          'blocked',
          'block_category',
          (x) => x.dim2,
          (x) => x.dim2 !== 'all',
        ),
        ...by(
          f,
          'blocked',
          'band',
          (x) => x.dim1,
          (x) => x.dim2 !== 'all',
        ),
      ],
    }),
  },
];

export function indicatorDef(code: string): IndicatorDef | undefined {
  return INDICATORS.find((i) => i.code === code);
}
