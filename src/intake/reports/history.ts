import type { Tx } from '../../db/database.js';
import { type Lang, registerMessages, t } from '../../shared/i18n.js';
import { term, terms } from '../glossary.js';
import type { IntakeEventsTable } from '../tables.js';

/**
 * A report's history in plain words: each event's step named from the glossary and its detail
 * written as a sentence with names instead of ids — "Bàn giao cho Phường Hoàn Kiếm để hỗ trợ nạn
 * nhân", not `handoverId: 01a2… · needs: victim_support · agencyId: …` (issue 15). Events store
 * ids and codes (names change; the record must not); they are named when read.
 */
registerMessages({
  'intake_history.submitted': { vi: 'Qua {source}, mức {priority}.', en: 'Through the {source}, priority {priority}.' },
  'intake_history.submitted_spam': {
    vi: 'Qua {source}, mức {priority}; có dấu hiệu tin rác.',
    en: 'Through the {source}, priority {priority}; looks like spam.',
  },
  'intake_history.rejected': { vi: 'Lý do: {reason}.', en: 'Reason: {reason}.' },
  'intake_history.merged': { vi: 'Gộp vào phản ánh {code}.', en: 'Merged into report {code}.' },
  'intake_history.handed_over': { vi: 'Bàn giao cho {target} để {needs}.', en: 'Handed over to {target} for {needs}.' },
  'intake_history.handed_over_mail': {
    vi: 'Bàn giao cho {target} để {needs}; đã gửi thư báo đến {mails} địa chỉ.',
    en: 'Handed over to {target} for {needs}; {mails} e-mails queued.',
  },
  'intake_history.sent_to_detection': { vi: '{urls} đường dẫn được gửi sang rà soát.', en: '{urls} links sent for review.' },
  'intake_history.other': { vi: 'Thay đổi khác', en: 'Other change' },
  'intake_history.unknown_report': { vi: '(phản ánh không còn trong hệ thống)', en: '(a report no longer on record)' },
  'intake_history.unknown_target': { vi: '(đơn vị không còn trong danh sách)', en: '(a unit no longer listed)' },
});

/** The names an event may point at: wards/communes, agencies and other reports (by tracking code). */
export interface HistoryNames {
  units: Map<string, string>;
  agencies: Map<string, string>;
  reports: Map<string, string>;
}

type Detail = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The ids an event list points at, to be named in one query per kind. */
function referencedIds(events: IntakeEventsTable[]) {
  const units = new Set<string>();
  const agencies = new Set<string>();
  const reports = new Set<string>();
  for (const e of events) {
    const d = parseDetail(e.detail);
    const unit = str(d.unitId);
    const agency = str(d.agencyId);
    const into = str(d.into);
    if (unit) units.add(unit);
    if (agency) agencies.add(agency);
    if (into) reports.add(into);
  }
  return { units: [...units], agencies: [...agencies], reports: [...reports] };
}

/** Looks up the names the events point at (ward, agency, tracking code). */
export async function historyNames(
  db: Tx,
  lang: Lang,
  events: IntakeEventsTable[],
  extra: { units?: (string | null)[]; agencies?: (string | null)[] } = {},
): Promise<HistoryNames> {
  const ids = referencedIds(events);
  const some = (xs: (string | null)[]) => xs.filter((x): x is string => !!x);
  const unitIds = [...new Set([...ids.units, ...some(extra.units ?? [])])];
  const agencyIds = [...new Set([...ids.agencies, ...some(extra.agencies ?? [])])];
  const [units, agencies, reports] = await Promise.all([
    unitIds.length ? db.selectFrom('units').select(['id', 'full_name', 'name_en']).where('id', 'in', unitIds).execute() : [],
    agencyIds.length ? db.selectFrom('agencies').select(['id', 'name', 'name_en']).where('id', 'in', agencyIds).execute() : [],
    ids.reports.length ? db.selectFrom('intake_reports').select(['id', 'tracking_code']).where('id', 'in', ids.reports).execute() : [],
  ]);
  return {
    // "Phường Hoàn Kiếm" in Vietnamese, "Hoan Kiem Ward" in English
    units: new Map(units.map((u) => [u.id, lang === 'en' && u.name_en ? u.name_en : u.full_name])),
    agencies: new Map(agencies.map((a) => [a.id, lang === 'en' && a.name_en ? a.name_en : a.name])),
    reports: new Map(reports.map((r) => [r.id, r.tracking_code])),
  };
}

function parseDetail(json: string): Detail {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Detail) : {};
  } catch {
    return {};
  }
}

/** One event as people read it: the step, and a sentence (empty when the step says it all). */
export function describeEvent(lang: Lang, e: Pick<IntakeEventsTable, 'type' | 'detail'>, names: HistoryNames): { title: string; text: string } {
  const d = parseDetail(e.detail);
  const known =
    e.type in { submitted: 1, accepted: 1, rejected: 1, merged: 1, handed_over: 1, sent_to_detection: 1, handover_taken: 1, case_open: 1, case_finished: 1 };
  const title = known ? term(lang, 'events', e.type) : t(lang, 'intake_history.other');
  switch (e.type) {
    case 'submitted': {
      const params = { source: term(lang, 'sources', str(d.source)), priority: term(lang, 'priorities', str(d.priority)) };
      return { title, text: t(lang, d.spam === true ? 'intake_history.submitted_spam' : 'intake_history.submitted', params) };
    }
    case 'rejected':
      return { title, text: t(lang, 'intake_history.rejected', { reason: term(lang, 'rejectReasons', str(d.reason)) }) };
    case 'merged': {
      const into = str(d.into);
      const code = (into && names.reports.get(into)) ?? t(lang, 'intake_history.unknown_report');
      return { title, text: t(lang, 'intake_history.merged', { code }) };
    }
    case 'handed_over': {
      const unit = str(d.unitId);
      const agency = str(d.agencyId);
      const targets = [unit ? names.units.get(unit) : null, agency ? names.agencies.get(agency) : null].filter((x): x is string => !!x);
      const target = targets.length ? targets.join(lang === 'vi' ? ' và ' : ' and ') : t(lang, 'intake_history.unknown_target');
      const needs = terms(lang, 'needs', Array.isArray(d.needs) ? d.needs.map(String) : []);
      const mails = typeof d.mails === 'number' ? d.mails : 0;
      return { title, text: t(lang, mails > 0 ? 'intake_history.handed_over_mail' : 'intake_history.handed_over', { target, needs, mails }) };
    }
    case 'sent_to_detection':
      return { title, text: t(lang, 'intake_history.sent_to_detection', { urls: typeof d.urls === 'number' ? d.urls : 0 }) };
    default:
      return { title, text: '' };
  }
}
