import { createHash } from 'node:crypto';
import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Db, Tx } from '../db/database.js';
import { type Deferred, deferUntilCommit } from '../db/group-commit.js';
import { prepared, preparedInsert } from '../db/prepared.js';
import type { PreparedEvidence } from '../evidence/prepare.js';
import { type EvidenceStore, evidenceStoreFor } from '../evidence/store.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import { newId } from '../shared/ids.js';
import { cleanText } from '../shared/text.js';
import { intakeKeys, newPin, newTrackingCode, normaliseAccount, normaliseUrl } from './keys.js';
import './messages.js';
import { notify, queueMail } from './notify.js';
import { reportPolicy } from './report.policy.js';
import { cachedRules, decidePriority, decideRouting, type RuleSet, slaDeadlines } from './rules.js';
import type { IntakeEventsTable, IntakeLinksTable, IntakeReportKeysTable, IntakeReportsTable } from './tables.js';
import type { AgeBand, Category, Platform, ReporterKind, When } from './vocab.js';

export interface ReportInput {
  reporterKind: ReporterKind;
  categories: Category[];
  imminentDanger: boolean;
  description: string;
  urls: string[];
  accounts: string[];
  platform: Platform | null;
  when: When;
  incidentDate: string | null;
  ageBand: AgeBand;
  unitId: string | null;
  contact: { name?: string | undefined; phone?: string | undefined; email?: string | undefined } | null;
  consent: boolean;
  lang: Lang;
  /** Partner systems may send only hashes of files they hold (NCMEC style). */
  fileHashes: Array<{ sha256?: string | undefined; md5?: string | undefined }>;
  /** Anything else a partner sends (their reference, reported person details): sealed as is. */
  extra?: Record<string, unknown> | undefined;
}

export interface SubmitOptions {
  source: 'web' | 'partner';
  idempotency?: { scope: string; key: string } | undefined;
  ipKey: string | null;
  files: PreparedEvidence[];
  spam: { score: number; reasons: string[] };
}

export interface SubmitResult {
  id: string;
  trackingCode: string;
  /** Shown once. Derived from the idempotency key when there is one, so a retry shows the same PIN. */
  pin: string;
  created: boolean;
  priority: string;
  status: string;
  createdAt: string;
}

export const LIMITS = { description: 5000, urls: 20, accounts: 10, url: 2000, account: 200 } as const;

const unitCache = new WeakMap<object, Promise<Set<string>>>();
function wardIds(db: Db['kysely']): Promise<Set<string>> {
  let p = unitCache.get(db);
  if (!p) {
    p = db
      .selectFrom('units')
      .select('id')
      .where('kind', '!=', 'city')
      .execute()
      .then((rows) => new Set(rows.map((r) => r.id)));
    unitCache.set(db, p);
    p.catch(() => unitCache.delete(db));
  }
  return p;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/;

interface Normalised {
  input: ReportInput;
  urls: string[];
  accounts: string[];
  description: string;
  contact: { name?: string; phone?: string; email?: string } | null;
}

/** Checks and cleans what a reporter sent. HTML is kept as text: it is escaped where shown. */
export async function normaliseInput(db: Db['kysely'], input: ReportInput, fileCount: number): Promise<Normalised> {
  const categories = [...new Set(input.categories)];
  if (categories.length === 0) throw new AppError(400, 'intake_no_category');
  const description = cleanText(input.description ?? '').slice(0, LIMITS.description);
  const urls: string[] = [];
  for (const raw of input.urls.slice(0, LIMITS.urls)) {
    const u = cleanText(raw);
    if (!u) continue;
    if (u.length > LIMITS.url || !normaliseUrl(u)) throw new AppError(400, 'intake_bad_url', { url: u.slice(0, 80) });
    urls.push(u);
  }
  const accounts = input.accounts
    .map((a) => cleanText(a).slice(0, LIMITS.account))
    .filter(Boolean)
    .slice(0, LIMITS.accounts);
  if (!description && urls.length === 0 && accounts.length === 0 && fileCount === 0 && input.fileHashes.length === 0) throw new AppError(400, 'intake_empty');
  if (input.unitId && !(await wardIds(db)).has(input.unitId)) throw new AppError(400, 'intake_bad_unit', { unit: input.unitId.slice(0, 16) });
  let contact: Normalised['contact'] = null;
  if (input.contact) {
    const name = cleanText(input.contact.name ?? '').slice(0, 200);
    const phone = cleanText(input.contact.phone ?? '').slice(0, 40);
    const email = cleanText(input.contact.email ?? '').slice(0, 254);
    if (email && !EMAIL.test(email)) throw new AppError(400, 'intake_bad_email');
    if (name || phone || email) contact = { ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
  }
  if (input.consent && !contact?.phone && !contact?.email) throw new AppError(400, 'intake_consent_needs_contact');
  return { input: { ...input, categories }, urls, accounts, description, contact };
}

/** A fingerprint of the request, so a reused idempotency key with different content is refused. */
function requestHash(n: Normalised, files: PreparedEvidence[]): string {
  const { input } = n;
  return createHash('sha256')
    .update(
      JSON.stringify([
        input.reporterKind,
        input.categories,
        input.imminentDanger,
        n.description,
        n.urls,
        n.accounts,
        input.platform,
        input.when,
        input.incidentDate,
        input.ageBand,
        input.unitId,
        n.contact,
        input.consent,
        input.fileHashes,
        files.map((f) => f.originalSha256),
        input.extra ?? null,
      ]),
    )
    .digest('hex');
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err.code === '23505' ||
    err.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(String(err.message))
  );
}

const findByIdempotencyKey = prepared((db, scope: string, key: string) =>
  db
    .selectFrom('intake_reports')
    .select(['id', 'tracking_code', 'idem_hash', 'priority', 'status', 'created_at'])
    .where('idem_scope', '=', scope)
    .where('idem_key', '=', key),
);

async function existing(ctx: Ctx, scope: string, key: string, hash: string): Promise<SubmitResult | null> {
  const [row] = await findByIdempotencyKey(ctx.db.kysely, scope, key);
  if (!row) return null;
  if (row.idem_hash !== hash) throw new AppError(409, 'intake_idempotency_mismatch');
  // The first request's commit may still be on its way to disk: answer the retry only once it is there.
  await ctx.db.writes.durable();
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    pin: intakeKeys(ctx.sealer).derivedPin(scope, key),
    created: false,
    priority: row.priority,
    status: row.status,
    createdAt: row.created_at,
  };
}

/**
 * Receives one report: files are already checked and re-encoded (evidence.ts). Everything else
 * happens in one transaction — report, duplicate links, hand-off notifications, queued e-mail and
 * the audit entry commit together, before the tracking code is returned; SQLite runs with
 * synchronous=FULL, so an acknowledged report survives a crash.
 */
export async function submitReport(
  ctx: Ctx,
  raw: ReportInput,
  opts: SubmitOptions,
  store: EvidenceStore = evidenceStoreFor(ctx.config.dataDir, ctx.sealer),
): Promise<SubmitResult> {
  reportPolicy.authorize(ctx.actor, 'submit');
  const n = await normaliseInput(ctx.db.kysely, raw, opts.files.length);
  const hash = requestHash(n, opts.files);
  const idem = opts.idempotency;
  if (idem) {
    const found = await existing(ctx, idem.scope, idem.key, hash);
    if (found) return found;
  }

  const keys = intakeKeys(ctx.sealer);
  const created: string[] = [];
  try {
    for (const f of opts.files) if (await store.put(f.sha256, f.stored)) created.push(f.sha256);
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await insertReport(ctx, n, opts, hash, keys);
        // committed and durable, with its audit entry naming the partner's token: that entry is
        // the record of this token use (src/org/tokens/resolve-token.ts)
        if (ctx.actor.kind === 'token' && ctx.actor.use) ctx.actor.use.audited = true;
        return result;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        if (idem) {
          const found = await existing(ctx, idem.scope, idem.key, hash);
          if (found) return found;
        }
        // Otherwise a tracking-code collision (40 random bits): draw again.
        if (attempt >= 3) throw e;
      }
    }
  } catch (e) {
    // Nothing half-stored: files this call wrote go again unless another report refers to them.
    for (const sha of created) {
      const used = await ctx.db.kysely
        .selectFrom('intake_evidence')
        .select('id')
        .where('sha256', '=', sha)
        .limit(1)
        .executeTakeFirst()
        .catch(() => ({ id: 'unknown' }));
      if (!used) await store.remove(sha).catch(() => {});
    }
    throw e;
  }
}

async function insertReport(ctx: Ctx, n: Normalised, opts: SubmitOptions, hash: string, keys: ReturnType<typeof intakeKeys>): Promise<SubmitResult> {
  const { input } = n;
  const now = ctx.clock();
  const nowIso = now.toISOString();
  const rules = await cachedRules(ctx.db.kysely, now.getTime());
  const facts = { categories: input.categories, imminentDanger: input.imminentDanger, ageBand: input.ageBand, unitId: input.unitId };
  const { priority, ruleId: priorityRuleId } = decidePriority(rules, facts);
  const routing = decideRouting(rules, facts);
  const sla = slaDeadlines(rules, priority, now);
  const code = newTrackingCode();
  const pin = opts.idempotency ? keys.derivedPin(opts.idempotency.scope, opts.idempotency.key) : newPin();
  const id = newId();

  const row: IntakeReportsTable = {
    id,
    tracking_code: code,
    pin_hash: keys.pinHash(code, pin),
    status: 'new',
    source: opts.source,
    partner_token_id: ctx.actor.kind === 'token' ? ctx.actor.id : null,
    idem_scope: opts.idempotency?.scope ?? null,
    idem_key: opts.idempotency?.key ?? null,
    idem_hash: opts.idempotency ? hash : null,
    reporter_kind: input.reporterKind,
    categories: JSON.stringify(input.categories),
    imminent_danger: input.imminentDanger ? 1 : 0,
    platform: input.platform,
    when_code: input.when,
    incident_date: input.incidentDate,
    age_band: input.ageBand,
    unit_id: input.unitId,
    sealed_detail: ctx.sealer.seal(
      JSON.stringify({ description: n.description, urls: n.urls, accounts: n.accounts, fileHashes: input.fileHashes, extra: input.extra ?? null }),
    ),
    sealed_contact: n.contact ? ctx.sealer.seal(JSON.stringify(n.contact)) : null,
    contact_consent: input.consent ? 1 : 0,
    has_email: n.contact?.email ? 1 : 0,
    lang: input.lang,
    priority,
    priority_rule_id: priorityRuleId,
    agency_id: routing.agencyId,
    routed_unit_id: routing.unitId,
    routing_rule_id: routing.ruleId,
    ack_due_at: sla.ackDueAt,
    action_due_at: sla.actionDueAt,
    acknowledged_at: null,
    first_action_at: null,
    overdue_notified: 0,
    spam_score: opts.spam.score,
    spam_reasons: JSON.stringify(opts.spam.reasons),
    merged_into: null,
    reject_reason: null,
    needs_victim_support: 0,
    needs_violation_handling: 0,
    handover_unit_id: null,
    handover_agency_id: null,
    url_count: n.urls.length,
    file_count: opts.files.length + input.fileHashes.length,
    ip_key: opts.ipKey,
    created_at: nowIso,
    updated_at: nowIso,
  };

  // Keys by which duplicates find each other: keyed hashes of links and accounts, file hashes as they are.
  const dupKeys = new Map<string, KeyKind>();
  for (const u of n.urls) dupKeys.set(keys.dupKeyOf('url', normaliseUrl(u) as string), 'url');
  for (const a of n.accounts) {
    const k = normaliseAccount(input.platform, a);
    if (k) dupKeys.set(keys.dupKeyOf('account', k), 'account');
  }
  for (const f of opts.files) {
    dupKeys.set(f.originalSha256, 'file');
    dupKeys.set(f.sha256, 'file');
  }
  for (const h of input.fileHashes) {
    if (h.sha256) dupKeys.set(h.sha256.toLowerCase(), 'file');
    if (h.md5) dupKeys.set(`md5:${h.md5.toLowerCase()}`, 'file');
  }

  // Group commit: this report shares a transaction and a disk flush with others arriving now
  // (src/db/group-commit.ts). Rows nothing else in the batch reads (event, links, notifications,
  // audit entry) are handed to the batch and written together right before it commits.
  await ctx.db.writes.run(async (trx) => {
    await insertReports(trx, [row]);
    // Duplicate keys and links are written for the whole batch at once (linkDuplicates), in the
    // same transaction; reports of one batch find each other there too.
    if (dupKeys.size > 0) {
      const item: KeyedReport = { reportId: id, keys: dupKeys, at: nowIso };
      if (!deferUntilCommit(trx, batchedKeys, item)) await linkDuplicates(trx, [item]);
    }
    if (opts.files.length > 0 || input.fileHashes.length > 0) {
      await trx
        .insertInto('intake_evidence')
        .values([
          ...opts.files.map((f) => ({
            id: f.id,
            report_id: id,
            kind: f.kind,
            mime: f.mime,
            size: f.stored.length,
            width: f.width,
            height: f.height,
            sha256: f.sha256,
            original_sha256: f.originalSha256,
            md5: f.md5,
            pdq: f.pdq,
            sealed_name: f.sealedName,
            created_at: nowIso,
          })),
          ...input.fileHashes.map((h) => ({
            id: newId(),
            report_id: id,
            kind: 'hash' as const,
            mime: null,
            size: 0,
            width: null,
            height: null,
            sha256: null,
            original_sha256: h.sha256?.toLowerCase() ?? null,
            md5: h.md5?.toLowerCase() ?? null,
            pdq: null,
            sealed_name: null,
            created_at: nowIso,
          })),
        ])
        .execute();
    }
    const event: IntakeEventsTable = {
      id: newId(),
      report_id: id,
      at: nowIso,
      actor_label: ctx.actor.label,
      type: 'submitted',
      detail: JSON.stringify({ source: opts.source, priority, spam: opts.spam.score > 0 }),
    };
    if (!deferUntilCommit(trx, batchedEvents, event)) await insertEvents(trx, [event]);
    await announceNewReport(trx, ctx, rules, row);
    // a reporter's address is never kept; a partner system's is (this entry audits its token use)
    const auditCtx = ctx.actor.kind === 'token' ? ctx : { ...ctx, origin: { ip: null } };
    await audit(
      auditCtx,
      trx,
      'intake_report.submitted',
      { type: 'intake_report', id },
      {
        source: opts.source,
        priority,
        categories: input.categories,
        agencyId: routing.agencyId,
        files: opts.files.length,
        spamScore: opts.spam.score,
      },
    );
  });
  return { id, trackingCode: code, pin, created: true, priority, status: 'new', createdAt: nowIso };
}

const insertReports = preparedInsert('intake_reports');
const insertKeys = preparedInsert('intake_report_keys');
const insertLinks = preparedInsert('intake_links');
const insertEvents = preparedInsert('intake_events');
/** Most links recorded for one new report (a link posted a thousand times is one signal, not a thousand rows). */
const MAX_LINKS = 100;
/** Who already holds these keys: the latest MAX_LINKS reports per key. */
const findKeys = prepared((db, keys: string[]) =>
  db
    .selectFrom((eb) =>
      eb
        .selectFrom('intake_report_keys')
        .select([
          'report_id',
          'kind',
          'key_hash',
          (w) =>
            w.fn
              .agg<number>('row_number')
              .over((o) => o.partitionBy('key_hash').orderBy('created_at', 'desc'))
              .as('nth'),
        ])
        .where('key_hash', 'in', keys)
        .as('k'),
    )
    .select(['report_id', 'kind', 'key_hash'])
    .where('nth', '<=', MAX_LINKS),
);
const batchedEvents: Deferred<IntakeEventsTable> = { name: 'intake_events', flush: insertEvents };

type KeyKind = IntakeReportKeysTable['kind'];
interface KeyedReport {
  reportId: string;
  keys: Map<string, KeyKind>;
  at: string;
}
const batchedKeys: Deferred<KeyedReport> = { name: 'intake_report_keys', flush: (trx, items) => linkDuplicates(trx, items) };

/**
 * Links each new report to the earlier reports sharing a key (same link, account or file), then
 * records its keys. Several reports at once (a group-commit batch): one look-up for all their
 * keys, and a report also finds the ones before it in the same batch.
 */
async function linkDuplicates(trx: Tx, reports: KeyedReport[]): Promise<void> {
  const wanted = [...new Set(reports.flatMap((r) => [...r.keys.keys()]))];
  const holders = new Map<string, Array<{ reportId: string; kind: KeyKind }>>();
  const hold = (key: string, reportId: string, kind: KeyKind) => {
    const list = holders.get(key);
    if (list) list.push({ reportId, kind });
    else holders.set(key, [{ reportId, kind }]);
  };
  // chunks keep the IN-list within every database's parameter limit and few statement texts
  for (let i = 0; i < wanted.length; ) {
    const n = [512, 128, 32, 8, 2, 1].find((c) => c <= wanted.length - i) as number;
    for (const m of await findKeys(trx, wanted.slice(i, i + n))) hold(m.key_hash, m.report_id, m.kind);
    i += n;
  }
  const keyRows: IntakeReportKeysTable[] = [];
  const linkRows: IntakeLinksTable[] = [];
  for (const r of reports) {
    const links = new Map<string, IntakeLinksTable>();
    for (const key of r.keys.keys())
      for (const h of holders.get(key) ?? []) {
        if (links.size >= MAX_LINKS) break;
        if (h.reportId !== r.reportId) links.set(`${h.reportId}|${h.kind}`, { report_id: r.reportId, other_id: h.reportId, reason: h.kind, created_at: r.at });
      }
    linkRows.push(...links.values());
    for (const [key, kind] of r.keys) {
      keyRows.push({ report_id: r.reportId, kind, key_hash: key, created_at: r.at });
      hold(key, r.reportId, kind); // the next reports of this batch find it
    }
  }
  await insertKeys(trx, keyRows);
  await insertLinks(trx, linkRows);
}

/** Urgent reports alert the intake desk at once; every routed report shows up for its agency. */
async function announceNewReport(trx: Tx, ctx: Ctx, rules: RuleSet, row: IntakeReportsTable): Promise<void> {
  const urgent = row.priority === 'p1' || row.priority === 'p2';
  const params = { code: row.tracking_code, priority: row.priority.toUpperCase() };
  const items: Parameters<typeof notify>[2] = [];
  if (urgent) items.push({ audience: 'role', audienceId: 'intake_officer', kind: 'new_urgent', reportId: row.id, code: 'notif_new_urgent', params });
  if (row.agency_id) items.push({ audience: 'agency', audienceId: row.agency_id, kind: 'routed', reportId: row.id, code: 'notif_routed', params });
  await notify(trx, row.created_at, items);
  if (urgent && row.agency_id) {
    const email = rules.agencyEmail.get(row.agency_id);
    if (email) {
      await queueMail(trx, ctx.sealer, row.created_at, [
        {
          to: email,
          subject: `[Lá Chắn] Báo cáo khẩn ${row.tracking_code} (${params.priority})`,
          body: `Báo cáo ${row.tracking_code}, mức ưu tiên ${params.priority}, vừa được chuyển đến cơ quan của bạn. Xem trong giao diện quản trị Lá Chắn.\n\nReport ${row.tracking_code}, priority ${params.priority}, was routed to your agency. Open it in the Lá Chắn console.`,
          reportId: row.id,
        },
      ]);
    }
  }
}
