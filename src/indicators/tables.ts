/**
 * Tables the indicators feature owns. They hold aggregates only — counts per month, ward, school
 * and a dimension or two — never a report, a case or a child; and the reports generated from them.
 */

/**
 * The month-by-month rollup the dashboards read (rollup.ts fills it from the feeds). One row per
 * fact: `metric` (reports, sla, detect, takedown, blocked), the month (YYYY-MM), the ward and the
 * school ('' when the fact has none) and up to two dimensions (category, channel, band…).
 */
export interface IndicatorMonthlyTable {
  metric: string;
  month: string;
  unit_id: string;
  school_id: string;
  dim1: string;
  dim2: string;
  value: number;
}

/**
 * The same rollup with the school folded away: month × ward × dimensions. The city's and a ward's
 * views read it (a fraction of the rows); the school-level table stays for a school's drill-down.
 * Written in the same transaction as `indicator_monthly`, so the two always agree.
 */
export interface IndicatorMonthlyWardTable {
  metric: string;
  month: string;
  unit_id: string;
  dim1: string;
  dim2: string;
  value: number;
}

/** The same rollup with wards folded away too: month × dimensions, what the city's own indicators read. */
export interface IndicatorMonthlyCityTable {
  metric: string;
  month: string;
  dim1: string;
  dim2: string;
  value: number;
}

/**
 * Programme sessions per school and month (from the programmes feed), filed under the ward of the
 * month's latest session. Coverage ("at least N sessions in the period") does not add up across
 * months, but a school's sessions do: the period's coverage is summed from these per school.
 */
export interface IndicatorCoverageMonthlyTable {
  month: string;
  school_id: string;
  unit_id: string;
  sessions: number;
}

/** When each month of the rollup was last computed from the feeds. */
export interface IndicatorRollupMonthsTable {
  month: string;
  refreshed_at: string;
}

/** The ward each school's rollup rows are filed under (rollup.ts restates them when the school moves). */
export interface IndicatorSchoolUnitsTable {
  school_id: string;
  unit_id: string;
}

export type ReportKind = 'monthly' | 'quarterly' | 'half_year' | 'annual' | 'ad_hoc';

/** A generated periodic or ad-hoc report: the .xlsx and .docx as written, with small cells suppressed. */
export interface IndicatorReportsTable {
  id: string;
  kind: ReportKind;
  period_from: string;
  period_to: string;
  /** the document number, e.g. 12/BC-LC */
  number: string;
  title: string;
  /** 'schedule' (the periodic job) or 'request' (someone asked) */
  origin: 'schedule' | 'request';
  xlsx: Buffer;
  docx: Buffer;
  created_by: string | null;
  created_at: string;
}

/** Who issues and signs the city's reports (one row, id 'city'); without it the draft defaults of report-docx.ts. */
export interface IndicatorReportIssuerTable {
  id: string;
  /** the issuing agency's parent body, e.g. Ủy ban nhân dân thành phố Hà Nội */
  agency_parent: string;
  agency_name: string;
  /** the document symbol after the number, e.g. BC-SGDĐT */
  symbol: string;
  /** e.g. KT. GIÁM ĐỐC (empty: the head signs in their own name) */
  signer_authority: string;
  signer_post: string;
  signer_name: string;
  updated_by: string | null;
  updated_at: string;
}

export interface IndicatorsTables {
  indicator_report_issuer: IndicatorReportIssuerTable;
  indicator_monthly: IndicatorMonthlyTable;
  indicator_monthly_ward: IndicatorMonthlyWardTable;
  indicator_monthly_city: IndicatorMonthlyCityTable;
  indicator_coverage_monthly: IndicatorCoverageMonthlyTable;
  indicator_rollup_months: IndicatorRollupMonthsTable;
  indicator_reports: IndicatorReportsTable;
  indicator_school_units: IndicatorSchoolUnitsTable;
}
