import type { Lang } from '../shared/i18n.js';
import { t } from '../shared/i18n.js';
import type { Sealer } from '../shared/secrets.js';
import type { PartnerReport } from './api-schemas.js';
import { glossaryFor, term, terms } from './glossary.js';
import { isOverdue } from './overdue.js';
import { describeEvent, type HistoryNames } from './reports/history.js';
import type { ReportInput } from './submit.js';
import type {
  IntakeEventsTable,
  IntakeEvidenceTable,
  IntakeHandoversTable,
  IntakePriorityRulesTable,
  IntakeReportsTable,
  IntakeRoutingRulesTable,
  IntakeSlaTable,
} from './tables.js';
import { AGE_BANDS, CATEGORIES, PLATFORM_LABELS, PUBLIC_STAGES, REPORTER_KINDS, WHEN } from './vocab.js';

/**
 * Rows → the API's shapes (api-schemas.ts), in one place, so a column read one way in the queue
 * is read the same way in the detail, the statistics and anywhere else a report is shown.
 */

export function toSummary(r: IntakeReportsTable, now: string, linkedCount = 0) {
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    status: r.status,
    priority: r.priority,
    categories: JSON.parse(r.categories) as string[],
    imminentDanger: r.imminent_danger === 1,
    source: r.source,
    reporterKind: r.reporter_kind,
    ageBand: r.age_band,
    unitId: r.unit_id,
    platform: r.platform,
    agencyId: r.agency_id,
    handoverUnitId: r.handover_unit_id,
    handoverAgencyId: r.handover_agency_id,
    ackDueAt: r.ack_due_at,
    actionDueAt: r.action_due_at,
    acknowledgedAt: r.acknowledged_at,
    firstActionAt: r.first_action_at,
    overdue: isOverdue(r, now),
    spamScore: r.spam_score,
    spamReasons: JSON.parse(r.spam_reasons) as string[],
    urlCount: r.url_count,
    fileCount: r.file_count,
    linkedCount,
    createdAt: r.created_at,
  };
}

export interface LinkedReport {
  id: string;
  tracking_code: string;
  status: string;
  reason: string;
}

/** Everything a report holds, for staff who may read it (sealed parts opened here), and the names its history points at. */
export interface ReportRecord {
  row: IntakeReportsTable;
  evidence: IntakeEvidenceTable[];
  links: LinkedReport[];
  events: IntakeEventsTable[];
  handovers: IntakeHandoversTable[];
  names: HistoryNames;
}

export function toDetail(sealer: Sealer, record: ReportRecord, now: string, lang: Lang) {
  const { row, evidence, links, events, handovers, names } = record;
  const detail = JSON.parse(sealer.open(row.sealed_detail)) as { description: string; urls: string[]; accounts: string[]; extra: unknown };
  return {
    summary: toSummary(row, now, links.length),
    description: detail.description,
    urls: detail.urls,
    accounts: detail.accounts,
    contact: row.sealed_contact ? (JSON.parse(sealer.open(row.sealed_contact)) as { name?: string }) : null,
    contactConsent: row.contact_consent === 1,
    whenCode: row.when_code,
    incidentDate: row.incident_date,
    needsVictimSupport: row.needs_victim_support === 1,
    needsViolationHandling: row.needs_violation_handling === 1,
    rejectReason: row.reject_reason,
    mergedInto: row.merged_into,
    mergedIntoCode: row.merged_into ? (links.find((l) => l.id === row.merged_into)?.tracking_code ?? null) : null,
    extra: detail.extra ?? null,
    evidence: evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      mime: e.mime,
      size: e.size,
      width: e.width,
      height: e.height,
      sha256: e.sha256,
      originalSha256: e.original_sha256,
      md5: e.md5,
      pdq: e.pdq,
      filename: e.sealed_name ? sealer.open(e.sealed_name) : null,
    })),
    links: links.map((l) => ({ reportId: l.id, trackingCode: l.tracking_code, reason: l.reason, status: l.status })),
    events: events.map((e) => ({ at: e.at, actor: e.actor_label, type: e.type, ...describeEvent(lang, e, names) })),
    handovers: handovers.map((h) => ({
      id: h.id,
      victimSupport: h.victim_support === 1,
      violationHandling: h.violation_handling === 1,
      unitId: h.unit_id,
      agencyId: h.agency_id,
      unitName: h.unit_id ? (names.units.get(h.unit_id) ?? null) : null,
      agencyName: h.agency_id ? (names.agencies.get(h.agency_id) ?? null) : null,
      note: h.sealed_note ? sealer.open(h.sealed_note) : null,
      status: h.status,
      createdAt: h.created_at,
    })),
  };
}

export const toPriorityRule = (r: IntakePriorityRulesTable) => ({
  id: r.id,
  name: r.name,
  nameEn: r.name_en,
  categories: JSON.parse(r.categories),
  imminentOnly: r.imminent_only === 1,
  ageBands: JSON.parse(r.age_bands),
  priority: r.priority,
  active: r.active === 1,
});

export const toRoutingRule = (r: IntakeRoutingRulesTable) => ({
  id: r.id,
  name: r.name,
  categories: JSON.parse(r.categories),
  unitId: r.unit_id,
  agencyCode: r.agency_code,
  active: r.active === 1,
});

export const toSlaSetting = (r: IntakeSlaTable) => ({ priority: r.priority, ackMinutes: r.ack_minutes, actionMinutes: r.action_minutes });

/** A notification's message is stored as a code and parameters; it is worded in the reader's language. */
export function toNotification(
  r: { id: string; kind: string; report_id: string | null; message: string; created_at: string; read_at: string | null },
  lang: Lang,
) {
  const m = JSON.parse(r.message) as { code: string; params: Record<string, unknown> };
  return {
    id: r.id,
    kind: r.kind,
    reportId: r.report_id,
    message: t(lang, m.code, notificationWords(lang, m.params)),
    createdAt: r.created_at,
    read: r.read_at !== null,
  };
}

/**
 * A notification stores codes ("P2", "victim_support, violation_handling", "acknowledge"); they are
 * worded from the glossary when read, so rows written before a wording changed read right too.
 */
function notificationWords(lang: Lang, params: Record<string, unknown>): Record<string, unknown> {
  const out = { ...params };
  if (typeof params.priority === 'string') out.priority = term(lang, 'priorities', params.priority.toLowerCase());
  const needs = Array.isArray(params.needs) ? params.needs : typeof params.needs === 'string' ? params.needs.split(/,\s*/) : null;
  if (needs) out.needs = terms(lang, 'needs', needs.map(String).filter(Boolean));
  if (typeof params.what === 'string') out.what = term(lang, 'deadlines', params.what);
  return out;
}

/** Labels for the console's lists and the glossary's terms (glossary.ts), in the caller's language. */
export function toVocabulary(lang: Lang) {
  const list = (m: Record<string, { vi: string; en: string }>) => Object.entries(m).map(([code, l]) => ({ code, label: l[lang] }));
  return {
    categories: list(CATEGORIES),
    reporterKinds: list(REPORTER_KINDS),
    ageBands: list(AGE_BANDS),
    when: list(WHEN),
    platforms: list(PLATFORM_LABELS),
    publicStages: list(PUBLIC_STAGES),
    ...glossaryFor(lang),
  };
}

/** Partner JSON → the one input shape the submit use case knows. */
export function fromPartner(body: typeof PartnerReport.static): ReportInput {
  return {
    reporterKind: body.reporter?.kind ?? 'organisation',
    categories: body.incidentTypes,
    imminentDanger: body.imminentDanger ?? false,
    description: body.description ?? '',
    urls: body.urls ?? [],
    accounts: (body.reportedAccounts ?? []).map((a) => a.account),
    platform: body.platform ?? body.reportedAccounts?.[0]?.platform ?? null,
    when: body.incident?.when ?? 'unknown',
    incidentDate: body.incident?.date ?? null,
    ageBand: body.victim?.ageBand ?? 'unknown',
    unitId: body.victim?.unitId ?? null,
    contact: body.reporter ? { name: body.reporter.name, phone: body.reporter.phone, email: body.reporter.email } : null,
    consent: body.reporter?.consentToContact ?? false,
    lang: body.lang ?? 'vi',
    fileHashes: (body.files ?? []).filter((f) => !f.contentBase64 && (f.sha256 || f.md5)).map((f) => ({ sha256: f.sha256, md5: f.md5 })),
    extra: { partnerReference: body.partnerReference ?? null, reportedAccounts: body.reportedAccounts ?? [] },
  };
}
